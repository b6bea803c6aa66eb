package org.keepalivedj.vrrp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * VRRPv2 over IPsec AH (auth_type AH) as keepalived 2.2.7 puts it on the wire: an IPv4 header of
 * protocol 51 (TOS 0xc0, no DF, TTL 255), a 24-byte AH header, then the VRRP packet with
 * authentication type 2 and eight zero bytes of authentication data.
 *
 * <pre>
 *  AH  0      next header 112 (VRRP)
 *      1      payload length 4 (24 bytes in 32-bit words, minus 2)
 *      2-3    reserved, 0
 *      4-7    SPI: the sender's IPv4 address
 *      8-11   sequence number, one counter per instance (see the engine's AhAuth)
 *      12-23  ICV: HMAC-MD5 truncated to 96 bits
 * </pre>
 *
 * The ICV covers the IPv4 header with TOS, flags/fragment offset and checksum read as zero, then the
 * AH header with the ICV read as zero, then the VRRP packet. The TTL, which RFC 2402 reads as zero,
 * keepalived covers in multicast adverts (where VRRP requires 255) and reads as zero only in unicast
 * ones: both sides of a unicast pair must know it. The key is auth_pass cut to its first 8 bytes.
 * All of this was observed on keepalived 2.2.7's adverts (test resources ah/README.md).
 */
public final class IpsecAh {
    public static final int PROTOCOL = 51;
    /** The AH header with its ICV. */
    public static final int LENGTH = 24;
    /** keepalived's key: the first 8 bytes of auth_pass. */
    public static final int KEY_LENGTH = 8;

    private static final int IP_HEADER = 20;
    private static final int TOS = 0xc0;
    private static final int VRRP_PROTOCOL = 112;
    /** The AH payload length field: the header's length in 32-bit words, minus 2. */
    private static final int AH_WORDS = LENGTH / 4 - 2;

    private static final int ICV_OFFSET = 12;
    private static final int ICV_LENGTH = 12;

    private IpsecAh() {}

    /** The HMAC key keepalived derives from auth_pass. */
    public static byte[] key(String password) {
        byte[] p = password.getBytes(StandardCharsets.ISO_8859_1);
        return Arrays.copyOf(p, Math.min(KEY_LENGTH, p.length));
    }

    /** The SPI a sender uses: its IPv4 address. */
    public static long spiOf(InetAddress source) {
        return ByteBuffer.wrap(source.getAddress()).getInt() & 0xffff_ffffL;
    }

    /**
     * The whole IPv4 datagram (header, AH, VRRP packet) signed with this key, its header checksum
     * filled in: what a raw socket with IP_HDRINCL sends.
     *
     * @param id       the IP identification field (it is covered by the ICV, so we choose it)
     * @param sequence the AH sequence number (32 bits)
     * @param unicast  a unicast advert: its TTL is not covered
     */
    public static byte[] sign(
            byte[] vrrp,
            Inet4Address source,
            Inet4Address destination,
            int ttl,
            int id,
            long sequence,
            byte[] key,
            boolean unicast) {
        byte[] out = new byte[IP_HEADER + LENGTH + vrrp.length];
        ByteBuffer.wrap(out)
                .put((byte) 0x45)
                .put((byte) TOS)
                .putShort((short) out.length)
                .putShort((short) id)
                .putShort((short) 0)
                .put((byte) ttl)
                .put((byte) PROTOCOL)
                .putShort((short) 0)
                .put(source.getAddress())
                .put(destination.getAddress())
                .put((byte) VRRP_PROTOCOL)
                .put((byte) AH_WORDS)
                .putShort((short) 0)
                .putInt((int) spiOf(source))
                .putInt((int) sequence)
                .put(new byte[ICV_LENGTH])
                .put(vrrp);
        byte[] icv = icv(Arrays.copyOf(out, IP_HEADER), Arrays.copyOfRange(out, IP_HEADER, out.length), key, unicast);
        System.arraycopy(icv, 0, out, IP_HEADER + ICV_OFFSET, ICV_LENGTH);
        int sum = VrrpCodec.checksum(Arrays.copyOf(out, IP_HEADER));
        out[10] = (byte) (sum >> 8);
        out[11] = (byte) sum;
        return out;
    }

    /**
     * True when the IP payload starts with an AH header as keepalived writes it (VRRP next, a 96-bit
     * ICV) and holds at least a VRRP header after it.
     */
    public static boolean present(byte[] payload) {
        return payload.length >= LENGTH + 8 && (payload[0] & 0xff) == VRRP_PROTOCOL && (payload[1] & 0xff) == AH_WORDS;
    }

    public static long spi(byte[] payload) {
        return ByteBuffer.wrap(payload, 4, 4).getInt() & 0xffff_ffffL;
    }

    public static long sequence(byte[] payload) {
        return ByteBuffer.wrap(payload, 8, 4).getInt() & 0xffff_ffffL;
    }

    /** The VRRP packet after the AH header. */
    public static byte[] strip(byte[] payload) {
        return Arrays.copyOfRange(payload, LENGTH, payload.length);
    }

    /**
     * True when the ICV in the AH header is the HMAC of the datagram under this key.
     *
     * @param ipHeader the IPv4 header as received
     * @param payload  what followed it: the AH header and the VRRP packet
     * @param unicast  the instance runs unicast: the TTL is not covered
     */
    public static boolean verify(byte[] ipHeader, byte[] payload, byte[] key, boolean unicast) {
        if (ipHeader == null || ipHeader.length < IP_HEADER || !present(payload)) {
            return false;
        }
        byte[] carried = Arrays.copyOfRange(payload, ICV_OFFSET, ICV_OFFSET + ICV_LENGTH);
        return MessageDigest.isEqual(icv(ipHeader, payload, key, unicast), carried);
    }

    private static byte[] icv(byte[] ipHeader, byte[] payload, byte[] key, boolean unicast) {
        byte[] header = ipHeader.clone();
        header[1] = 0; // TOS
        if (unicast) {
            header[8] = 0;
        }
        header[6] = 0; // flags and fragment offset
        header[7] = 0;
        header[10] = 0; // checksum
        header[11] = 0;
        byte[] rest = payload.clone();
        Arrays.fill(rest, ICV_OFFSET, ICV_OFFSET + ICV_LENGTH, (byte) 0);
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacMD5"));
            mac.update(header);
            return Arrays.copyOf(mac.doFinal(rest), ICV_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is in every Java 17 runtime", e);
        }
    }
}
