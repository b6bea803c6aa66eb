package org.keepalivedj.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;

/** Ethernet frames that announce an address: gratuitous ARP and unsolicited neighbour advertisement. */
public final class Frames {

    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    /** 33:33:00:00:00:01, the Ethernet address of ff02::1. */
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};

    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private Frames() {}

    /**
     * A gratuitous ARP request (RFC 5227 announcement): sender and target protocol address are
     * both the address; broadcast to everyone on the link. 42 bytes.
     */
    public static byte[] gratuitousArp(byte[] mac, Inet4Address address) {
        checkMac(mac);
        ByteBuffer f = ByteBuffer.allocate(42);
        f.put(BROADCAST).put(mac).putShort((short) PacketSocket.ETH_P_ARP);
        f.putShort((short) 1)
                .putShort((short) PacketSocket.ETH_P_IP)
                .put((byte) 6)
                .put((byte) 4)
                .putShort((short) 1);
        f.put(mac).put(address.getAddress()).put(BROADCAST).put(address.getAddress());
        return f.array();
    }

    /**
     * An unsolicited neighbour advertisement (RFC 4861 7.2.6) to all nodes: override flag set,
     * target link-layer address option, hop limit 255. 86 bytes.
     *
     * @param source the IPv6 source, normally the interface's link-local address
     * @param router set the router flag
     */
    public static byte[] unsolicitedNeighbourAdvertisement(
            byte[] mac, Inet6Address source, Inet6Address target, boolean router) {
        checkMac(mac);
        int icmpLength = 32;
        ByteBuffer f = ByteBuffer.allocate(14 + 40 + icmpLength);
        f.put(ALL_NODES_MAC).put(mac).putShort((short) PacketSocket.ETH_P_IPV6);
        f.putInt(0x60000000).putShort((short) icmpLength).put((byte) 58).put((byte) 255);
        f.put(source.getAddress()).put(ALL_NODES);
        int icmpStart = f.position();
        f.put((byte) 136).put((byte) 0).putShort((short) 0);
        f.putInt((router ? 0x80000000 : 0) | 0x20000000);
        f.put(target.getAddress());
        f.put((byte) 2).put((byte) 1).put(mac);
        short checksum = icmpv6Checksum(source.getAddress(), ALL_NODES, f.array(), icmpStart, icmpLength);
        f.putShort(icmpStart + 2, checksum);
        return f.array();
    }

    /** The ICMPv6 checksum over the pseudo-header and the message (RFC 4443 2.3). */
    static short icmpv6Checksum(byte[] source, byte[] destination, byte[] data, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < 16; i += 2) {
            sum += ((source[i] & 0xff) << 8) | (source[i + 1] & 0xff);
            sum += ((destination[i] & 0xff) << 8) | (destination[i + 1] & 0xff);
        }
        sum += length;
        sum += 58;
        for (int i = 0; i < length; i += 2) {
            int hi = data[offset + i] & 0xff;
            int lo = i + 1 < length ? data[offset + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }

    private static void checkMac(byte[] mac) {
        if (mac == null || mac.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes");
        }
    }
}
