package org.keepalivedj.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.netlink.internal.LibC;
import org.keepalivedj.netlink.internal.NativeSocket;
import org.keepalivedj.netlink.internal.ReceivedMessage;
import org.keepalivedj.netlink.internal.SocketAddresses;

/**
 * A raw IP socket for protocol 112 (VRRP) bound to one interface: multicast TTL/hop limit 255,
 * loop off, the interface as multicast interface, and receiving with TTL, arrival interface and
 * destination address. IPv6 sockets have the kernel fill and check the VRRP checksum (offset 6).
 * Open it inside a namespace with {@code NetworkNamespace.call(ns, () -> VrrpSocket.openIpv4("eth0"))}.
 */
public final class VrrpSocket implements AutoCloseable {

    public static final int IPPROTO_VRRP = 112;
    public static final int IPPROTO_AH = 51;
    public static final InetAddress GROUP_V4 = address("224.0.0.18");
    public static final InetAddress GROUP_V6 = address("ff02::12");

    private static final int SOCK_RAW = 3;
    private static final int IPPROTO_IP = 0;
    private static final int IP_TTL = 2;
    private static final int IP_HDRINCL = 3;
    private static final int IP_PKTINFO = 8;
    private static final int IP_RECVTTL = 12;
    private static final int IP_MULTICAST_IF = 32;
    private static final int IP_MULTICAST_TTL = 33;
    private static final int IP_MULTICAST_LOOP = 34;
    private static final int IP_ADD_MEMBERSHIP = 35;
    private static final int IP_DROP_MEMBERSHIP = 36;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_CHECKSUM = 7;
    private static final int IPV6_UNICAST_HOPS = 16;
    private static final int IPV6_MULTICAST_IF = 17;
    private static final int IPV6_MULTICAST_HOPS = 18;
    private static final int IPV6_MULTICAST_LOOP = 19;
    private static final int IPV6_JOIN_GROUP = 20;
    private static final int IPV6_LEAVE_GROUP = 21;
    private static final int IPV6_RECVPKTINFO = 49;
    private static final int IPV6_PKTINFO = 50;
    private static final int IPV6_RECVHOPLIMIT = 51;
    private static final int IPV6_HOPLIMIT = 52;
    private static final int VRRP_CHECKSUM_OFFSET = 6;
    private static final int SOL_SOCKET = 1;
    /** SO_TIMESTAMPNS (also its control message type): a struct timespec of CLOCK_REALTIME per packet. */
    private static final int SO_TIMESTAMPNS = 35;
    /** A receive timestamp older than this is not trusted (the wall clock was stepped): now is used. */
    private static final long MAX_TIMESTAMP_AGE_NANOS = 10_000_000_000L;
    /** Two clock reads further apart than this were interrupted; read again. */
    private static final long CLOCK_PAIR_NANOS = 100_000L;

    private final NativeSocket socket;
    private final boolean v6;
    /** Protocol 51 (IPsec AH) with IP_HDRINCL rather than 112. */
    private final boolean ah;

    private final String interfaceName;
    private final int interfaceIndex;
    private final AtomicLong malformed = new AtomicLong();
    private final SendCache sendCache = new SendCache();

    private VrrpSocket(NativeSocket socket, boolean v6, boolean ah, String interfaceName, int interfaceIndex) {
        this.socket = socket;
        this.v6 = v6;
        this.ah = ah;
        this.interfaceName = interfaceName;
        this.interfaceIndex = interfaceIndex;
    }

    public static VrrpSocket openIpv4(String interfaceName) {
        return openIpv4(interfaceName, IPPROTO_VRRP);
    }

    /**
     * A raw socket for VRRPv2 inside IPsec AH (protocol 51, auth_type AH): it receives whole AH
     * datagrams, and sends with {@link #sendDatagram} datagrams whose IPv4 header the caller wrote
     * (IP_HDRINCL), since the AH ICV covers that header's identification field.
     */
    public static VrrpSocket openIpv4Ah(String interfaceName) {
        return openIpv4(interfaceName, IPPROTO_AH);
    }

    private static VrrpSocket openIpv4(String interfaceName, int protocol) {
        int index = indexOf(interfaceName);
        NativeSocket s = NativeSocket.open(
                SocketAddresses.AF_INET,
                SOCK_RAW,
                protocol,
                protocol == IPPROTO_AH ? "VRRP IPv4 AH raw" : "VRRP IPv4 raw",
                65536);
        try {
            s.bindToDevice(interfaceName);
            if (protocol == IPPROTO_AH) {
                s.setOption(IPPROTO_IP, IP_HDRINCL, 1);
            }
            s.setOption(IPPROTO_IP, IP_MULTICAST_TTL, 255);
            s.setOption(IPPROTO_IP, IP_TTL, 255);
            s.setOption(IPPROTO_IP, IP_MULTICAST_LOOP, 0);
            s.setOption(IPPROTO_IP, IP_MULTICAST_IF, mreqn(null, index));
            s.setOption(IPPROTO_IP, IP_RECVTTL, 1);
            s.setOption(IPPROTO_IP, IP_PKTINFO, 1);
            s.setOption(SOL_SOCKET, SO_TIMESTAMPNS, 1);
            return new VrrpSocket(s, false, protocol == IPPROTO_AH, interfaceName, index);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public static VrrpSocket openIpv6(String interfaceName) {
        int index = indexOf(interfaceName);
        NativeSocket s = NativeSocket.open(SocketAddresses.AF_INET6, SOCK_RAW, IPPROTO_VRRP, "VRRP IPv6 raw", 65536);
        try {
            s.bindToDevice(interfaceName);
            s.setOption(IPPROTO_IPV6, IPV6_CHECKSUM, VRRP_CHECKSUM_OFFSET);
            s.setOption(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255);
            s.setOption(IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255);
            s.setOption(IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0);
            s.setOption(IPPROTO_IPV6, IPV6_MULTICAST_IF, index);
            s.setOption(IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1);
            s.setOption(IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
            s.setOption(SOL_SOCKET, SO_TIMESTAMPNS, 1);
            return new VrrpSocket(s, true, false, interfaceName, index);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static int indexOf(String interfaceName) {
        int index = LibC.get().if_nametoindex(interfaceName);
        if (index == 0) {
            throw new ErrnoException("no interface " + interfaceName, Errno.ENODEV, null);
        }
        return index;
    }

    public boolean isIpv6() {
        return v6;
    }

    /** Whether this is an {@link #openIpv4Ah} socket. */
    public boolean isAh() {
        return ah;
    }

    /**
     * Sends a whole IPv4 datagram (header included: {@link #openIpv4Ah} sockets only). The kernel
     * keeps the header as written; the interface is the socket's.
     */
    public void sendDatagram(byte[] datagram, InetAddress destination) {
        if (!ah) {
            throw new IllegalStateException("only an AH socket sends its own IPv4 header");
        }
        checkFamily(destination);
        socket.sendTo(datagram, datagram.length, SocketAddresses.of(destination, 0));
    }

    public String interfaceName() {
        return interfaceName;
    }

    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** Joins a multicast group on this socket's interface (normally {@link #GROUP_V4} / {@link #GROUP_V6}). */
    public void joinGroup(InetAddress group) {
        membership(group, true);
    }

    public void leaveGroup(InetAddress group) {
        membership(group, false);
    }

    private void membership(InetAddress group, boolean join) {
        checkFamily(group);
        if (v6) {
            byte[] mreq = ByteBuffer.allocate(20)
                    .order(ByteOrder.nativeOrder())
                    .put(group.getAddress())
                    .putInt(interfaceIndex)
                    .array();
            socket.setOption(IPPROTO_IPV6, join ? IPV6_JOIN_GROUP : IPV6_LEAVE_GROUP, mreq);
        } else {
            socket.setOption(IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, mreqn(group, interfaceIndex));
        }
    }

    /** Uses this source address for what we send (it must be on the host). */
    public void bindSource(InetAddress source) {
        checkFamily(source);
        socket.bind(SocketAddresses.of(source, source.isLinkLocalAddress() ? interfaceIndex : 0));
    }

    /** Sends a VRRP packet (the IP payload) to a multicast group or a unicast peer. */
    public void send(byte[] vrrpPacket, InetAddress destination) {
        checkFamily(destination);
        socket.sendTo(vrrpPacket, vrrpPacket.length, SocketAddresses.of(destination, v6 ? interfaceIndex : 0));
    }

    /**
     * Sends a VRRP packet from the given source address (IP_PKTINFO / IPV6_PKTINFO), so instances
     * sharing this socket each send from their own address (unicast_src_ip, mcast_src_ip) and the
     * VRRPv3 checksum, computed over that source, matches the header the kernel writes. The source
     * must be an address of this host.
     */
    public void send(byte[] vrrpPacket, InetAddress destination, InetAddress source) {
        send(vrrpPacket, destination, source, -1);
    }

    /**
     * As {@link #send(byte[], InetAddress, InetAddress)}, with this packet's TTL / hop limit (IP_TTL /
     * IPV6_HOPLIMIT ancillary data: unicast_ttl), or the socket's 255 when ttl is negative.
     */
    public void send(byte[] vrrpPacket, InetAddress destination, InetAddress source, int ttl) {
        checkFamily(destination);
        checkFamily(source);
        if (ttl > 255) {
            throw new IllegalArgumentException("TTL out of range 0-255: " + ttl);
        }
        byte[] sockaddr;
        NativeSocket.Control[] controls;
        synchronized (sendCache) {
            sockaddr = sendCache.sockaddr(destination);
            controls = sendCache.controls(source, ttl);
        }
        socket.sendToWithControls(vrrpPacket, vrrpPacket.length, sockaddr, controls);
    }

    /**
     * The socket addresses and control messages of the destinations and sources sent to/from so far:
     * a MASTER sends the same advert every interval, so they are built once (a few per socket).
     */
    private final class SendCache {
        private final java.util.Map<InetAddress, byte[]> sockaddrs = new java.util.HashMap<>();
        private final java.util.Map<InetAddress, SourceControls> controls = new java.util.HashMap<>();

        byte[] sockaddr(InetAddress destination) {
            byte[] s = sockaddrs.get(destination);
            if (s == null) {
                s = SocketAddresses.of(destination, v6 ? interfaceIndex : 0);
                sockaddrs.put(destination, s);
            }
            return s;
        }

        /** The source's pktinfo, and the TTL / hop limit when ttl is not negative (one entry per source). */
        NativeSocket.Control[] controls(InetAddress source, int ttl) {
            SourceControls c = controls.get(source);
            if (c == null || c.ttl() != ttl) {
                c = new SourceControls(
                        ttl,
                        ttl < 0
                                ? new NativeSocket.Control[] {pktinfo(source)}
                                : new NativeSocket.Control[] {pktinfo(source), hops(ttl)});
                controls.put(source, c);
            }
            return c.controls();
        }

        private NativeSocket.Control pktinfo(InetAddress source) {
            return v6
                    ? new NativeSocket.Control(
                            IPPROTO_IPV6,
                            IPV6_PKTINFO,
                            ByteBuffer.allocate(20)
                                    .order(ByteOrder.nativeOrder())
                                    .put(source.getAddress())
                                    .putInt(interfaceIndex)
                                    .array())
                    : new NativeSocket.Control(
                            IPPROTO_IP,
                            IP_PKTINFO,
                            ByteBuffer.allocate(12)
                                    .order(ByteOrder.nativeOrder())
                                    .putInt(0)
                                    .put(source.getAddress())
                                    .put(new byte[4])
                                    .array());
        }

        private NativeSocket.Control hops(int ttl) {
            byte[] value = ByteBuffer.allocate(4)
                    .order(ByteOrder.nativeOrder())
                    .putInt(ttl)
                    .array();
            return new NativeSocket.Control(v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_HOPLIMIT : IP_TTL, value);
        }
    }

    private record SourceControls(int ttl, NativeSocket.Control[] controls) {}

    /**
     * Runs the send path once without putting anything on the wire: the packet names an interface
     * that does not exist, so the kernel refuses it. A new JVM's first real send (a takeover) then
     * finds the native call, its buffers and classes ready. Returns false if the kernel sent it anyway.
     */
    public boolean warmUpSend(byte[] vrrpPacket, InetAddress destination, InetAddress source) {
        checkFamily(destination);
        checkFamily(source);
        int noSuchInterface = 0x7fffffff;
        byte[] sockaddr = SocketAddresses.of(destination, 0);
        byte[] info = v6
                ? ByteBuffer.allocate(20)
                        .order(ByteOrder.nativeOrder())
                        .put(source.getAddress())
                        .putInt(noSuchInterface)
                        .array()
                : ByteBuffer.allocate(12)
                        .order(ByteOrder.nativeOrder())
                        .putInt(noSuchInterface)
                        .put(source.getAddress())
                        .put(new byte[4])
                        .array();
        try {
            socket.sendToWithControl(
                    vrrpPacket,
                    vrrpPacket.length,
                    sockaddr,
                    v6 ? IPPROTO_IPV6 : IPPROTO_IP,
                    v6 ? IPV6_PKTINFO : IP_PKTINFO,
                    info);
            return false;
        } catch (ErrnoException expected) {
            return true;
        }
    }

    /**
     * Waits for a packet; null when none came within the timeout. Malformed packets are counted
     * and skipped.
     */
    public ReceivedPacket receive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ReceivedMessage m; (m = socket.receiveBefore(deadline)) != null; ) {
            ReceivedPacket p = decode(m);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /**
     * Waits for a packet with no timeout (an idle receiver costs no wake-up); null once
     * {@link #wakeReceiver()} has been called. Malformed packets are counted and skipped.
     */
    public ReceivedPacket receive() {
        for (ReceivedMessage m; (m = socket.receiveUntilWoken()) != null; ) {
            ReceivedPacket p = decode(m);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** Ends a {@link #receive()} under way (from another thread); later ones return null at once. */
    public void wakeReceiver() {
        socket.wakeReceiver();
    }

    /** The packet, or null for a truncated or malformed one (counted). */
    private ReceivedPacket decode(ReceivedMessage m) {
        ReceivedPacket p = m.truncated() ? null : v6 ? decodeIpv6(m) : decodeIpv4(m, pktinfoIndex(m));
        if (p == null) {
            malformed.incrementAndGet();
        }
        return p;
    }

    /**
     * The kernel's receive time of the message moved onto the {@link System#nanoTime()} clock: its age
     * on the wall clock is subtracted from now. Without a usable timestamp, now.
     */
    static long arrivalNanos(ReceivedMessage m) {
        ReceivedMessage.ControlMessage ts = m.control(SOL_SOCKET, SO_TIMESTAMPNS);
        if (ts == null || ts.data().length < 16) {
            return System.nanoTime();
        }
        ByteBuffer b = ByteBuffer.wrap(ts.data()).order(ByteOrder.nativeOrder());
        // The two clocks must be read together: a pause between the reads (a GC, a preempted thread)
        // would move the arrival that far back. Read the wall clock between two monotonic reads and
        // retry when they are apart.
        long now = 0;
        java.time.Instant wall = null;
        for (int i = 0; i < 3; i++) {
            long before = System.nanoTime();
            wall = java.time.Instant.now();
            long after = System.nanoTime();
            now = before + (after - before) / 2;
            if (after - before < CLOCK_PAIR_NANOS) {
                break;
            }
        }
        long age = (wall.getEpochSecond() - b.getLong(0)) * 1_000_000_000L + (wall.getNano() - b.getLong(8));
        return age >= 0 && age < MAX_TIMESTAMP_AGE_NANOS ? now - age : now;
    }

    private static int pktinfoIndex(ReceivedMessage m) {
        ReceivedMessage.ControlMessage info = m.control(IPPROTO_IP, IP_PKTINFO);
        return info == null || info.data().length < 4
                ? 0
                : ByteBuffer.wrap(info.data()).order(ByteOrder.nativeOrder()).getInt(0);
    }

    private static ReceivedPacket decodeIpv4(ReceivedMessage m, int interfaceIndex) {
        return decodeIpv4(m.data(), interfaceIndex, arrivalNanos(m));
    }

    /** Splits an IPv4 datagram (header included, as raw sockets deliver it); null when malformed. */
    public static ReceivedPacket decodeIpv4(byte[] datagram, int interfaceIndex) {
        return decodeIpv4(datagram, interfaceIndex, System.nanoTime());
    }

    private static ReceivedPacket decodeIpv4(byte[] datagram, int interfaceIndex, long arrivalNanos) {
        if (datagram.length < 20 || (datagram[0] & 0xf0) != 0x40) {
            return null;
        }
        int headerLength = (datagram[0] & 0x0f) * 4;
        int totalLength = ((datagram[2] & 0xff) << 8) | (datagram[3] & 0xff);
        if (headerLength < 20
                || headerLength > datagram.length
                || totalLength < headerLength
                || totalLength > datagram.length) {
            return null;
        }
        int ttl = datagram[8] & 0xff;
        InetAddress source = SocketAddresses.address(Arrays.copyOfRange(datagram, 12, 16));
        InetAddress destination = SocketAddresses.address(Arrays.copyOfRange(datagram, 16, 20));
        return new ReceivedPacket(
                Arrays.copyOfRange(datagram, headerLength, totalLength),
                source,
                destination,
                ttl,
                interfaceIndex,
                arrivalNanos,
                // the AH ICV covers the IP header; only AH datagrams need it kept
                datagram[9] == IPPROTO_AH ? Arrays.copyOf(datagram, headerLength) : null);
    }

    private static ReceivedPacket decodeIpv6(ReceivedMessage m) {
        ReceivedMessage.ControlMessage hops = m.control(IPPROTO_IPV6, IPV6_HOPLIMIT);
        ReceivedMessage.ControlMessage info = m.control(IPPROTO_IPV6, IPV6_PKTINFO);
        InetAddress source = SocketAddresses.addressOf(m.sourceAddress());
        if (hops == null || info == null || info.data().length < 20 || source == null) {
            return null;
        }
        ByteBuffer i = ByteBuffer.wrap(info.data()).order(ByteOrder.nativeOrder());
        int ttl = ByteBuffer.wrap(hops.data()).order(ByteOrder.nativeOrder()).getInt(0);
        return new ReceivedPacket(
                m.data(),
                source,
                SocketAddresses.address(Arrays.copyOfRange(info.data(), 0, 16)),
                ttl,
                i.getInt(16),
                arrivalNanos(m));
    }

    /** Packets dropped because they did not parse. */
    public long malformedCount() {
        return malformed.get();
    }

    private static byte[] mreqn(InetAddress group, int index) {
        return ByteBuffer.allocate(12)
                .order(ByteOrder.nativeOrder())
                .put(group == null ? new byte[4] : group.getAddress())
                .put(new byte[4])
                .putInt(index)
                .array();
    }

    private void checkFamily(InetAddress a) {
        if ((a instanceof Inet6Address) != v6) {
            throw new IllegalArgumentException(
                    IpAddresses.format(a) + " is not an " + (v6 ? "IPv6" : "IPv4") + " address");
        }
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
