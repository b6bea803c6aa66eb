/**
 * The kernel interface, over jnr-ffi: no {@code ip}, {@code ipvsadm} or {@code nft} processes.
 *
 * <ul>
 *   <li>{@link org.keepalivedj.netlink.NetlinkSocket}: AF_NETLINK requests with sequence numbers and
 *       ACKs, multipart dumps, {@link org.keepalivedj.netlink.NetlinkException} (errno number and name,
 *       plus the kernel's extended-ACK text) for NLMSG_ERROR. Messages are written with
 *       {@link org.keepalivedj.netlink.NetlinkMessageBuilder} and read with
 *       {@link org.keepalivedj.netlink.NetlinkMessage} / {@link org.keepalivedj.netlink.NetlinkAttributes}.</li>
 *   <li>{@link org.keepalivedj.netlink.RtNetlink}: links (list, by name or index, up/down, macvlan for
 *       VMAC), addresses, and the config's route and rule lines ({@link org.keepalivedj.api.model.IpRoute},
 *       {@link org.keepalivedj.api.model.IpRule}) as they are.
 *       {@link org.keepalivedj.netlink.NetlinkMonitor}: link and address events to
 *       {@link org.keepalivedj.netlink.NetlinkListener}s.</li>
 *   <li>{@link org.keepalivedj.netlink.GenericNetlink}: family lookup and requests to a family (IPVS).</li>
 *   <li>{@link org.keepalivedj.netlink.VrrpSocket}: raw IPPROTO_VRRP sockets (IPv4 and IPv6);
 *       {@link org.keepalivedj.netlink.PacketSocket} and {@link org.keepalivedj.netlink.Frames}:
 *       gratuitous ARP and unsolicited neighbour advertisements.</li>
 *   <li>{@link org.keepalivedj.netlink.NetlinkAddressManager}: the {@code AddressManager} SPI, crash-safe.</li>
 * </ul>
 *
 * <p>Every socket belongs to the network namespace of the thread that opened it. To work in a named
 * namespace, open it through {@link org.keepalivedj.netlink.NetworkNamespace#call}:
 *
 * <pre>{@code
 * try (RtNetlink rtnl = NetworkNamespace.call("node1", RtNetlink::open);
 *      VrrpSocket vrrp = NetworkNamespace.call("node1", () -> VrrpSocket.openIpv4("eth0"))) {
 *     rtnl.addAddress(VirtualAddress.of("eth0", InetAddress.getByName("192.0.2.10"), 24));
 *     vrrp.joinGroup(VrrpSocket.GROUP_V4);
 *     ReceivedPacket p = vrrp.receive(Duration.ofSeconds(3));   // p.ttl(), p.interfaceIndex(), ...
 * }
 * }</pre>
 *
 * <p>Sockets are not meant to be shared by threads, except that a request socket serialises its
 * requests. Errors are {@link org.keepalivedj.netlink.ErrnoException}s (unchecked); EPERM/EACCES
 * messages say that CAP_NET_ADMIN/CAP_NET_RAW is missing.
 */
package org.keepalivedj.netlink;
