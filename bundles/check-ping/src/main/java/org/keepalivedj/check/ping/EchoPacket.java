package org.keepalivedj.check.ping;

/**
 * ICMP and ICMPv6 echo messages: building a request and reading a reply's identifier and sequence.
 * IPv4 raw sockets hand us the IP header too; IPv6 raw sockets do not, and the kernel fills in the
 * ICMPv6 checksum itself (it covers a pseudo-header we do not see).
 */
final class EchoPacket {
    static final int ECHO_REQUEST_V4 = 8;
    static final int ECHO_REPLY_V4 = 0;
    static final int ECHO_REQUEST_V6 = 128;
    static final int ECHO_REPLY_V6 = 129;
    static final int PAYLOAD = 16;

    /** A reply's identifier and sequence, or null when the bytes are not an echo reply. */
    record Reply(int identifier, int sequence) {}

    private EchoPacket() {}

    static byte[] request(boolean v6, int identifier, int sequence) {
        byte[] p = new byte[8 + PAYLOAD];
        p[0] = (byte) (v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4);
        p[4] = (byte) (identifier >> 8);
        p[5] = (byte) identifier;
        p[6] = (byte) (sequence >> 8);
        p[7] = (byte) sequence;
        for (int i = 8; i < p.length; i++) {
            p[i] = (byte) i;
        }
        if (!v6) {
            int sum = checksum(p, 0, p.length);
            p[2] = (byte) (sum >> 8);
            p[3] = (byte) sum;
        }
        return p;
    }

    /** The echo reply in what a raw socket received (length bytes of buf), or null for anything else. */
    static Reply parse(boolean v6, byte[] buf, int length) {
        int at = 0;
        if (!v6) {
            if (length < 20 || (buf[0] >> 4 & 0xf) != 4) {
                return null;
            }
            at = (buf[0] & 0xf) * 4;
        }
        if (length < at + 8) {
            return null;
        }
        int type = buf[at] & 0xff;
        if (type != (v6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4) || buf[at + 1] != 0) {
            return null;
        }
        return new Reply(
                (buf[at + 4] & 0xff) << 8 | buf[at + 5] & 0xff, (buf[at + 6] & 0xff) << 8 | buf[at + 7] & 0xff);
    }

    /** The Internet checksum (RFC 1071) of the bytes. */
    static int checksum(byte[] b, int from, int length) {
        long sum = 0;
        for (int i = from; i + 1 < from + length; i += 2) {
            sum += (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
        }
        if ((length & 1) != 0) {
            sum += (b[from + length - 1] & 0xff) << 8;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) ~sum & 0xffff;
    }
}
