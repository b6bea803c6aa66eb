package org.keepalivedj.vrrp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.keepalivedj.api.model.IpAddresses;

/**
 * Encodes and decodes VRRP packets (the IP payload). Decoding never throws: whatever the bytes,
 * the result is an advert or a {@link DropReason}.
 */
public final class VrrpCodec {

    /** The IPv4 group keepalived and the RFC use; also the pseudo-header destination of {@link ChecksumMode#OLD_UNICAST}. */
    public static final byte[] GROUP_V4 = {(byte) 224, 0, 0, 18};

    private static final int PROTO_VRRP = 112;
    private static final int HEADER = 8;
    private static final int V2_AUTH = 8;

    private VrrpCodec() {}

    /**
     * Encodes an advert with its checksum.
     *
     * @param source      the sender's address (for the v3 pseudo-header)
     * @param destination the group or unicast peer (for the v3 pseudo-header)
     */
    public static byte[] encode(VrrpAdvert a, InetAddress source, InetAddress destination, ChecksumMode mode) {
        boolean v6 = source instanceof Inet6Address;
        int addressLength = v6 ? 16 : 4;
        for (InetAddress address : a.addresses()) {
            if (address.getAddress().length != addressLength) {
                throw new IllegalArgumentException(
                        "advert address " + IpAddresses.format(address) + " does not match the sender's family");
            }
        }
        if (a.version() == 2 && v6) {
            throw new IllegalArgumentException("VRRPv2 runs over IPv4 only");
        }
        int length = HEADER + a.addresses().size() * addressLength + (a.version() == 2 ? V2_AUTH : 0);
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte) (a.version() << 4 | VrrpAdvert.TYPE_ADVERTISEMENT))
                .put((byte) a.vrid())
                .put((byte) a.priority())
                .put((byte) a.addresses().size());
        if (a.version() == 2) {
            b.put((byte) a.authType()).put((byte) a.interval());
        } else {
            b.putShort((short) (a.interval() & 0x0fff));
        }
        b.putShort((short) 0);
        for (InetAddress address : a.addresses()) {
            b.put(address.getAddress());
        }
        if (a.version() == 2) {
            byte[] auth = a.authData();
            b.put(auth, 0, Math.min(auth.length, V2_AUTH));
        }
        byte[] packet = b.array();
        int sum = checksum(packet, a.version(), source, destination, mode);
        packet[6] = (byte) (sum >> 8);
        packet[7] = (byte) sum;
        return packet;
    }

    /** Structural decode (length, version, type, addresses); checksum and policy are checked separately. */
    public static DecodeResult decode(byte[] packet, boolean ipv6) {
        if (packet == null || packet.length < HEADER) {
            return DecodeResult.drop(DropReason.PACKET_LENGTH);
        }
        int version = (packet[0] & 0xf0) >> 4;
        int type = packet[0] & 0x0f;
        if (version != 2 && version != 3) {
            return DecodeResult.drop(DropReason.VERSION);
        }
        if (type != VrrpAdvert.TYPE_ADVERTISEMENT) {
            return DecodeResult.drop(DropReason.INVALID_TYPE);
        }
        if (version == 2 && ipv6) {
            return DecodeResult.drop(DropReason.FAMILY);
        }
        int count = packet[3] & 0xff;
        int addressLength = ipv6 ? 16 : 4;
        int expected = HEADER + count * addressLength + (version == 2 ? V2_AUTH : 0);
        if (packet.length != expected) {
            return DecodeResult.drop(DropReason.PACKET_LENGTH);
        }
        List<InetAddress> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(address(packet, HEADER + i * addressLength, addressLength));
        }
        int vrid = packet[1] & 0xff;
        int priority = packet[2] & 0xff;
        if (version == 2) {
            byte[] auth = new byte[V2_AUTH];
            System.arraycopy(packet, expected - V2_AUTH, auth, 0, V2_AUTH);
            return DecodeResult.ok(
                    new VrrpAdvert(2, vrid, priority, packet[5] & 0xff, packet[4] & 0xff, auth, addresses));
        }
        int interval = ((packet[4] & 0x0f) << 8) | (packet[5] & 0xff);
        return DecodeResult.ok(new VrrpAdvert(3, vrid, priority, interval, 0, new byte[0], addresses));
    }

    /** True when the checksum in the packet is right for this version, addresses and mode. */
    public static boolean checksumValid(byte[] packet, InetAddress source, InetAddress destination, ChecksumMode mode) {
        if (packet.length < HEADER) {
            return false;
        }
        int version = (packet[0] & 0xf0) >> 4;
        return checksum(packet, version, source, destination, mode) == 0;
    }

    /**
     * The ones' complement checksum over the packet as it is (with its checksum field: 0 when
     * checking a correct packet; over a zeroed field it gives the value to store).
     */
    static int checksum(byte[] packet, int version, InetAddress source, InetAddress destination, ChecksumMode mode) {
        long sum = 0;
        if (version == 3) {
            if (source instanceof Inet6Address) {
                sum += words(source.getAddress()) + words(destination.getAddress());
                sum += packet.length + PROTO_VRRP;
            } else if (mode != ChecksumMode.AS_V2 && source instanceof Inet4Address) {
                byte[] dst = mode == ChecksumMode.OLD_UNICAST ? GROUP_V4 : destination.getAddress();
                sum += words(source.getAddress()) + words(dst) + PROTO_VRRP + packet.length;
            }
        }
        return fold(sum + words(packet));
    }

    /** The ones' complement checksum of these bytes alone (an IPv4 header's, over a zeroed field). */
    static int checksum(byte[] bytes) {
        return fold(words(bytes));
    }

    private static int fold(long sum) {
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static long words(byte[] b) {
        long sum = 0;
        int i = 0;
        for (; i + 1 < b.length; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < b.length) {
            sum += (b[i] & 0xff) << 8;
        }
        return sum;
    }

    private static InetAddress address(byte[] packet, int offset, int length) {
        byte[] raw = new byte[length];
        System.arraycopy(packet, offset, raw, 0, length);
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }
}
