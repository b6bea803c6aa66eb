package org.keepalivedj.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.netlink.internal.NativeSocket;
import org.keepalivedj.netlink.internal.ReceivedMessage;
import org.keepalivedj.netlink.internal.SocketAddresses;

/**
 * A UDP socket for BFD (RFC 5881/5883): a receiver bound to port 3784 or 4784 that reports each
 * datagram's TTL or hop limit, destination and arrival time (the TTL check of RFC 5881 needs
 * IP_RECVTTL / IPV6_RECVHOPLIMIT, which Java's and Netty's datagram channels do not give), or a
 * sender bound to a source port in 49152-65535 that sends with a fixed TTL / hop limit.
 */
public final class BfdSocket implements AutoCloseable {

    /** RFC 5881 single-hop control packets. */
    public static final int SINGLE_HOP_PORT = 3784;
    /** RFC 5883 multihop control packets. */
    public static final int MULTIHOP_PORT = 4784;

    private static final int SOCK_DGRAM = 2;
    private static final int IPPROTO_IP = 0;
    private static final int IP_TTL = 2;
    private static final int IP_PKTINFO = 8;
    private static final int IP_RECVTTL = 12;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_UNICAST_HOPS = 16;
    private static final int IPV6_V6ONLY = 26;
    private static final int IPV6_RECVPKTINFO = 49;
    private static final int IPV6_PKTINFO = 50;
    private static final int IPV6_RECVHOPLIMIT = 51;
    private static final int IPV6_HOPLIMIT = 52;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SO_TIMESTAMPNS = 35;
    private static final int FIRST_SOURCE_PORT = 49152;

    private final NativeSocket socket;
    private final boolean v6;
    private final int localPort;
    private final AtomicLong malformed = new AtomicLong();

    private BfdSocket(NativeSocket socket, boolean v6, int localPort) {
        this.socket = socket;
        this.v6 = v6;
        this.localPort = localPort;
    }

    /** A datagram as received: the BFD packet and what the kernel said about it. */
    public record Datagram(
            byte[] payload,
            InetAddress source,
            int sourcePort,
            InetAddress destination,
            int ttl,
            int interfaceIndex,
            long arrivalNanos) {}

    /** Receives on the wildcard address of the family on this port (3784 or 4784). */
    public static BfdSocket receiver(boolean ipv6, int port) {
        NativeSocket s = open(ipv6, "receive", 2048);
        try {
            s.setOption(SOL_SOCKET, SO_REUSEADDR, 1);
            if (ipv6) {
                s.setOption(IPPROTO_IPV6, IPV6_V6ONLY, 1);
                s.setOption(IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1);
                s.setOption(IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
            } else {
                s.setOption(IPPROTO_IP, IP_RECVTTL, 1);
                s.setOption(IPPROTO_IP, IP_PKTINFO, 1);
            }
            s.setOption(SOL_SOCKET, SO_TIMESTAMPNS, 1);
            s.bind(SocketAddresses.of(wildcard(ipv6), port, 0));
            return new BfdSocket(s, ipv6, port);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A UDP socket of the family, described as "BFD ROLE IPv4|IPv6" in errors. */
    private static NativeSocket open(boolean ipv6, String role, int receiveCapacity) {
        return NativeSocket.open(
                ipv6 ? SocketAddresses.AF_INET6 : SocketAddresses.AF_INET,
                SOCK_DGRAM,
                0,
                "BFD " + role + " " + (ipv6 ? "IPv6" : "IPv4"),
                receiveCapacity);
    }

    /**
     * A sending socket from this source address (or the family's wildcard when null) and a free port
     * in 49152-65535 (RFC 5881 section 4), sending with this TTL / hop limit.
     */
    public static BfdSocket sender(InetAddress source, boolean ipv6, int ttl) {
        NativeSocket s = open(ipv6, "send", 16);
        try {
            if (ipv6) {
                s.setOption(IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl);
            } else {
                s.setOption(IPPROTO_IP, IP_TTL, ttl);
            }
            InetAddress local = source == null ? wildcard(ipv6) : source;
            int scope = local instanceof Inet6Address a ? a.getScopeId() : 0;
            int span = 65536 - FIRST_SOURCE_PORT;
            int start = ThreadLocalRandom.current().nextInt(span);
            for (int i = 0; i < span; i++) {
                int port = FIRST_SOURCE_PORT + (start + i) % span;
                try {
                    s.bind(SocketAddresses.of(local, port, scope));
                    return new BfdSocket(s, ipv6, port);
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.EADDRINUSE) {
                        throw e;
                    }
                }
            }
            throw new ErrnoException("no free BFD source port in 49152-65535", Errno.EADDRINUSE, null);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public int localPort() {
        return localPort;
    }

    public boolean isIpv6() {
        return v6;
    }

    public void send(byte[] packet, InetAddress destination, int port) {
        int scope = destination instanceof Inet6Address a ? a.getScopeId() : 0;
        socket.sendTo(packet, packet.length, SocketAddresses.of(destination, port, scope));
    }

    /** Waits up to the timeout for a datagram; null when none came. Malformed ones are counted and skipped. */
    public Datagram receive(Duration timeout) {
        ReceivedMessage m = socket.receive(timeout);
        if (m == null) {
            return null;
        }
        InetAddress source = SocketAddresses.addressOf(m.sourceAddress());
        ReceivedMessage.ControlMessage hops =
                v6 ? m.control(IPPROTO_IPV6, IPV6_HOPLIMIT) : m.control(IPPROTO_IP, IP_TTL);
        ReceivedMessage.ControlMessage info =
                v6 ? m.control(IPPROTO_IPV6, IPV6_PKTINFO) : m.control(IPPROTO_IP, IP_PKTINFO);
        if (m.truncated()
                || source == null
                || hops == null
                || hops.data().length < 4
                || info == null
                || info.data().length < (v6 ? 20 : 12)
                || m.sourceAddress().length < 4) {
            malformed.incrementAndGet();
            return null;
        }
        int ttl = ByteBuffer.wrap(hops.data()).order(ByteOrder.nativeOrder()).getInt(0);
        int sourcePort = ((m.sourceAddress()[2] & 0xff) << 8) | (m.sourceAddress()[3] & 0xff);
        ByteBuffer i = ByteBuffer.wrap(info.data()).order(ByteOrder.nativeOrder());
        InetAddress destination;
        int index;
        if (v6) {
            destination = SocketAddresses.address(Arrays.copyOfRange(info.data(), 0, 16));
            index = i.getInt(16);
        } else {
            index = i.getInt(0);
            destination = SocketAddresses.address(Arrays.copyOfRange(info.data(), 8, 12));
        }
        return new Datagram(m.data(), source, sourcePort, destination, ttl, index, VrrpSocket.arrivalNanos(m));
    }

    /** Datagrams dropped because the kernel's information about them was missing or cut. */
    public long malformedCount() {
        return malformed.get();
    }

    private static InetAddress wildcard(boolean ipv6) {
        return SocketAddresses.address(new byte[ipv6 ? 16 : 4]);
    }

    @Override
    public void close() {
        socket.close();
    }
}
