package org.keepalivedj.netlink.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** struct sockaddr_in, sockaddr_in6 and sockaddr_ll as bytes. */
public final class SocketAddresses {

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_PACKET = 17;

    private SocketAddresses() {}

    public static byte[] of(InetAddress address, int scopeId) {
        return of(address, 0, scopeId);
    }

    /** A sockaddr_in / sockaddr_in6 with a port (network byte order). */
    public static byte[] of(InetAddress address, int port, int scopeId) {
        short networkPort = (short) networkOrder16(port);
        if (address instanceof Inet4Address) {
            return ByteBuffer.allocate(16)
                    .order(ByteOrder.nativeOrder())
                    .putShort((short) AF_INET)
                    .putShort(networkPort)
                    .put(address.getAddress())
                    .array();
        }
        return ByteBuffer.allocate(28)
                .order(ByteOrder.nativeOrder())
                .putShort((short) AF_INET6)
                .putShort(networkPort)
                .putInt(0)
                .put(address.getAddress())
                .putInt(scopeId)
                .array();
    }

    /** 4 or 16 raw bytes (a header field, a packet-info field) as an address. */
    public static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + raw.length + " bytes", e);
        }
    }

    /** The address inside a sockaddr_in or sockaddr_in6, or null. */
    public static InetAddress addressOf(byte[] sockaddr) {
        try {
            if (sockaddr.length >= 8 && family(sockaddr) == AF_INET) {
                return InetAddress.getByAddress(java.util.Arrays.copyOfRange(sockaddr, 4, 8));
            }
            if (sockaddr.length >= 24 && family(sockaddr) == AF_INET6) {
                byte[] a = java.util.Arrays.copyOfRange(sockaddr, 8, 24);
                int scope = sockaddr.length >= 28
                        ? ByteBuffer.wrap(sockaddr)
                                .order(ByteOrder.nativeOrder())
                                .getInt(24)
                        : 0;
                return scope != 0 ? Inet6Address.getByAddress(null, a, scope) : InetAddress.getByAddress(a);
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    private static int family(byte[] sockaddr) {
        return ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).getShort(0) & 0xffff;
    }

    /** sockaddr_ll for sending or binding on an interface; protocol is the EtherType. */
    public static byte[] link(int etherType, int interfaceIndex, byte[] destinationMac) {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_PACKET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) etherType).order(ByteOrder.nativeOrder());
        b.putInt(interfaceIndex).putShort((short) 0).put((byte) 0);
        if (destinationMac != null) {
            b.put((byte) destinationMac.length).put(destinationMac);
        }
        return b.array();
    }

    /** htons for the protocol argument of socket(AF_PACKET, ...). */
    public static int networkOrder16(int value) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN
                ? value
                : Short.toUnsignedInt(Short.reverseBytes((short) value));
    }
}
