package org.keepalivedj.netlink;

import java.net.InetAddress;
import java.time.Duration;
import org.keepalivedj.netlink.internal.NativeSocket;
import org.keepalivedj.netlink.internal.ReceivedMessage;
import org.keepalivedj.netlink.internal.SocketAddresses;

/**
 * A raw ICMP (IPv4) or ICMPv6 socket: send a message to an address, receive messages with their
 * sender. Optionally bound to one interface and marked with a fwmark. One thread at a time may
 * receive; any thread may send.
 */
public final class IcmpSocket implements AutoCloseable {
    private static final int SOCK_RAW = 3;
    private static final int IPPROTO_ICMP = 1;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int SO_MARK = 36;
    private static final int RECEIVE_CAPACITY = 1500;

    /** One received ICMP message (for IPv4 with its IP header, as a raw socket gives it). */
    public record Message(byte[] data, InetAddress from) {}

    private final NativeSocket socket;
    private final boolean v6;

    private IcmpSocket(NativeSocket socket, boolean v6) {
        this.socket = socket;
        this.v6 = v6;
    }

    /**
     * @param source        the source address of what is sent (bind), or null for the kernel's choice
     * @param bindInterface the interface to send and receive on (SO_BINDTODEVICE), or null for any
     * @param fwmark        SO_MARK for outgoing packets, 0 for none
     */
    public static IcmpSocket open(boolean v6, InetAddress source, String bindInterface, int fwmark) {
        NativeSocket s = NativeSocket.open(
                v6 ? SocketAddresses.AF_INET6 : SocketAddresses.AF_INET,
                SOCK_RAW,
                v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP,
                v6 ? "ICMPv6" : "ICMP",
                RECEIVE_CAPACITY);
        try {
            if (bindInterface != null) {
                s.bindToDevice(bindInterface);
            }
            if (fwmark != 0) {
                s.setOption(NativeSocket.SOL_SOCKET, SO_MARK, fwmark);
            }
            if (source != null) {
                int scope = source instanceof java.net.Inet6Address i6 ? i6.getScopeId() : 0;
                s.bind(SocketAddresses.of(source, scope));
            }
            return new IcmpSocket(s, v6);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public boolean isIpv6() {
        return v6;
    }

    /** Sends one ICMP message (type, code, checksum and body; the kernel adds the IP header). */
    public void send(byte[] message, InetAddress to) {
        int scope = to instanceof java.net.Inet6Address i6 ? i6.getScopeId() : 0;
        socket.sendTo(message, message.length, SocketAddresses.of(to, scope));
    }

    /** The next message, or null when none arrived within the timeout (or the call was interrupted). */
    public Message receive(Duration timeout) {
        ReceivedMessage m = socket.receive(timeout);
        return m == null ? null : new Message(m.data(), SocketAddresses.addressOf(m.sourceAddress()));
    }

    @Override
    public void close() {
        socket.close();
    }
}
