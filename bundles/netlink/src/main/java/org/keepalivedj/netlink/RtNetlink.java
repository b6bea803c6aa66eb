package org.keepalivedj.netlink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.netlink.internal.Rtnl;
import org.keepalivedj.netlink.internal.RtnlMessages;

/**
 * rtnetlink requests over one {@link NetlinkSocket}: links, addresses, routes and rules. It acts
 * in the network namespace where it was opened ({@code NetworkNamespace.call(ns, RtNetlink::open)}).
 */
public final class RtNetlink implements AutoCloseable {

    /** IFLA_MACVLAN_MODE values. */
    public static final int MACVLAN_PRIVATE = 1;

    public static final int MACVLAN_VEPA = 2;
    public static final int MACVLAN_BRIDGE = 4;

    /** IFLA_IPVLAN_FLAGS values (bridge is 0). */
    public static final int IPVLAN_BRIDGE = 0;

    public static final int IPVLAN_PRIVATE = 1;
    public static final int IPVLAN_VEPA = 2;

    private final NetlinkSocket socket;

    public RtNetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    public static RtNetlink open() {
        return new RtNetlink(NetlinkSocket.open(NetlinkConstants.NETLINK_ROUTE));
    }

    public NetlinkSocket socket() {
        return socket;
    }

    // ---- links

    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(RtnlMessages.dumpLinks())) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                Link l = RtnlMessages.decodeLink(m);
                if (l != null) {
                    links.add(l);
                }
            }
        }
        return links;
    }

    /** The link with this name; throws {@link NetlinkException} (ENODEV) when there is none. */
    public Link link(String name) {
        return single(socket.request(RtnlMessages.getLink(name)), name);
    }

    public Link link(int index) {
        return single(socket.request(RtnlMessages.getLink(index)), "index " + index);
    }

    public Optional<Link> findLink(String name) {
        try {
            return Optional.of(link(name));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Link single(List<NetlinkMessage> replies, String what) {
        for (NetlinkMessage m : replies) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                Link l = RtnlMessages.decodeLink(m);
                if (l != null) {
                    return l;
                }
            }
        }
        throw new NetlinkException("RTM_GETLINK " + what + ": no link in the answer", Errno.ENODEV, null);
    }

    public int indexOf(String name) {
        return link(name).index();
    }

    public void setUp(String name, boolean up) {
        socket.request(RtnlMessages.setLinkUp(indexOf(name), name, up));
    }

    /**
     * Creates a macvlan (for a VMAC) on the parent, without IPv6 address generation (addrgenmode
     * none, as keepalived makes its VMACs); mac may be null for a random one.
     */
    public Link addMacvlan(String name, String parent, byte[] mac, int mode) {
        socket.request(RtnlMessages.newMacvlan(name, indexOf(parent), mac, mode));
        Link link = link(name);
        socket.request(RtnlMessages.setAddrGenModeNone(link.index(), name));
        return link;
    }

    /**
     * Gives a link the IPv6 link-local address of another (its parent), deprecated and without
     * duplicate address detection, as keepalived does for an IPv6 VMAC. False when the other has
     * none; a link that has it already is left as it is.
     */
    public boolean copyLinkLocal(String from, String to) {
        int fromIndex = indexOf(from);
        int toIndex = indexOf(to);
        List<IfAddress> all = addresses(Rtnl.AF_INET6);
        for (IfAddress a : all) {
            if (a.interfaceIndex() == fromIndex && a.address().isLinkLocalAddress()) {
                boolean there = all.stream()
                        .anyMatch(b ->
                                b.interfaceIndex() == toIndex && b.address().equals(a.address()));
                if (!there) {
                    socket.request(RtnlMessages.newDeprecatedLinkLocal(a.address(), toIndex, to));
                }
                return true;
            }
        }
        return false;
    }

    /** Creates an L2-mode ipvlan on the parent (it shares the parent's MAC); flags as {@link #IPVLAN_PRIVATE}. */
    public Link addIpvlan(String name, String parent, int flags) {
        socket.request(RtnlMessages.newIpvlan(name, indexOf(parent), flags));
        return link(name);
    }

    public void deleteLink(String name) {
        socket.request(RtnlMessages.deleteLink(indexOf(name), name));
    }

    // ---- addresses

    /** All addresses of the family (AF_INET 2, AF_INET6 10, 0 for both). */
    public List<IfAddress> addresses(int family) {
        List<IfAddress> result = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(RtnlMessages.dumpAddresses(family))) {
            if (m.type() == Rtnl.RTM_NEWADDR) {
                IfAddress a = RtnlMessages.decodeAddress(m);
                if (a != null) {
                    result.add(a);
                }
            }
        }
        return result;
    }

    public List<IfAddress> addresses() {
        return addresses(0);
    }

    /** Adds the address; throws {@link NetlinkException} EEXIST when it is there already. */
    public void addAddress(ManagedAddress address) {
        socket.request(RtnlMessages.newAddress(address, indexOf(address.interfaceName())));
    }

    public void addAddress(ManagedAddress address, int interfaceIndex) {
        socket.request(RtnlMessages.newAddress(address, interfaceIndex));
    }

    /** Deletes the address; throws {@link NetlinkException} EADDRNOTAVAIL when it is absent. */
    public void deleteAddress(ManagedAddress address) {
        socket.request(RtnlMessages.deleteAddress(address, indexOf(address.interfaceName())));
    }

    public void deleteAddress(ManagedAddress address, int interfaceIndex) {
        socket.request(RtnlMessages.deleteAddress(address, interfaceIndex));
    }

    // ---- routes and rules

    public void addRoute(IpRoute route) {
        socket.request(RtnlMessages.newRoute(route, route.device() == null ? 0 : indexOf(route.device())));
    }

    public void deleteRoute(IpRoute route) {
        socket.request(RtnlMessages.deleteRoute(route, route.device() == null ? 0 : indexOf(route.device())));
    }

    /**
     * The routes of a family (AF_INET 2, AF_INET6 10) in one table; protocol, when not null,
     * keeps only routes installed by that protocol (18 is keepalived's, which this class uses).
     */
    public List<IpRoute> routes(int family, int table, Integer protocol) {
        java.util.Map<Integer, String> names = new java.util.HashMap<>();
        for (Link l : links()) {
            names.put(l.index(), l.name());
        }
        List<IpRoute> result = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(RtnlMessages.dumpRoutes(family))) {
            if (m.type() != Rtnl.RTM_NEWROUTE) {
                continue;
            }
            IpRoute r = RtnlMessages.decodeRoute(m, i -> names.getOrDefault(i, "if" + i));
            if (r != null && r.table() == table && (protocol == null || protocol.equals(r.protocol()))) {
                result.add(r);
            }
        }
        return result;
    }

    /** The policy rules of a family (AF_INET 2, AF_INET6 10). */
    public List<IpRule> rules(int family) {
        List<IpRule> result = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(RtnlMessages.dumpRules(family))) {
            if (m.type() == Rtnl.RTM_NEWRULE) {
                IpRule r = RtnlMessages.decodeRule(m);
                if (r != null) {
                    result.add(r);
                }
            }
        }
        return result;
    }

    public void addRule(IpRule rule) {
        socket.request(RtnlMessages.newRule(rule));
    }

    public void deleteRule(IpRule rule) {
        socket.request(RtnlMessages.deleteRule(rule));
    }

    @Override
    public void close() {
        socket.close();
    }
}
