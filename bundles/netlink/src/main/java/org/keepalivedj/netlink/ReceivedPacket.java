package org.keepalivedj.netlink;

import java.net.InetAddress;

/**
 * A packet from a raw IP socket, with what the kernel told about its arrival.
 *
 * @param payload        the IP payload (the VRRP packet), without the IPv4 header
 * @param ttl            IPv4 TTL or IPv6 hop limit (VRRP requires 255)
 * @param interfaceIndex the interface it arrived on
 */
public record ReceivedPacket(byte[] payload, InetAddress source, InetAddress destination, int ttl, int interfaceIndex) {
}
