package org.keepalivedj.netlink;

import java.net.InetAddress;

/**
 * A packet from a raw IP socket, with what the kernel told about its arrival.
 *
 * @param payload        the IP payload (the VRRP packet), without the IPv4 header
 * @param ttl            IPv4 TTL or IPv6 hop limit (VRRP requires 255)
 * @param interfaceIndex the interface it arrived on
 * @param arrivalNanos   when the kernel received it, on the {@link System#nanoTime()} clock (from the
 *                       socket's receive timestamp, so the time a thread took to wake and read it is not
 *                       counted: VRRP timers restart from this moment)
 * @param ipHeader       the IPv4 header of an IPsec AH datagram as received (its ICV covers it), else null
 */
public record ReceivedPacket(
        byte[] payload,
        InetAddress source,
        InetAddress destination,
        int ttl,
        int interfaceIndex,
        long arrivalNanos,
        byte[] ipHeader) {

    public ReceivedPacket(
            byte[] payload,
            InetAddress source,
            InetAddress destination,
            int ttl,
            int interfaceIndex,
            long arrivalNanos) {
        this(payload, source, destination, ttl, interfaceIndex, arrivalNanos, null);
    }

    /** A packet that arrived just now (no kernel timestamp). */
    public ReceivedPacket(byte[] payload, InetAddress source, InetAddress destination, int ttl, int interfaceIndex) {
        this(payload, source, destination, ttl, interfaceIndex, System.nanoTime());
    }
}
