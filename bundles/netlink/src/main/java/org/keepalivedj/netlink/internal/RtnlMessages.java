package org.keepalivedj.netlink.internal;

import static org.keepalivedj.netlink.NetlinkConstants.NLM_F_CREATE;
import static org.keepalivedj.netlink.NetlinkConstants.NLM_F_EXCL;
import static org.keepalivedj.netlink.internal.Rtnl.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.model.ConfigLines;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.api.net.NumberRange;
import org.keepalivedj.api.net.RouteMetric;
import org.keepalivedj.api.net.RouteType;
import org.keepalivedj.api.net.RuleAction;
import org.keepalivedj.netlink.IfAddress;
import org.keepalivedj.netlink.Link;
import org.keepalivedj.netlink.NetlinkAttributes;
import org.keepalivedj.netlink.NetlinkMessage;
import org.keepalivedj.netlink.NetlinkMessageBuilder;

/** Encoders and decoders of rtnetlink messages; plain Java, no sockets. */
public final class RtnlMessages {

    /** keepalived's routing protocol number (RTPROT_KEEPALIVED), so our routes are recognisable. */
    public static final int RTPROT_KEEPALIVED = 18;

    private static final int RT_SCOPE_NOWHERE = 255;

    private RtnlMessages() {}

    // ---- links

    public static NetlinkMessageBuilder dumpLinks() {
        return ifinfo(new NetlinkMessageBuilder(RTM_GETLINK, 0, "RTM_GETLINK dump"), AF_UNSPEC, 0, 0, 0);
    }

    public static NetlinkMessageBuilder getLink(String name) {
        return ifinfo(new NetlinkMessageBuilder(RTM_GETLINK, 0, "RTM_GETLINK " + name), AF_UNSPEC, 0, 0, 0)
                .attrString(IFLA_IFNAME, name);
    }

    public static NetlinkMessageBuilder getLink(int index) {
        return ifinfo(new NetlinkMessageBuilder(RTM_GETLINK, 0, "RTM_GETLINK index " + index), AF_UNSPEC, index, 0, 0);
    }

    public static NetlinkMessageBuilder setLinkUp(int index, String name, boolean up) {
        return ifinfo(
                new NetlinkMessageBuilder(RTM_NEWLINK, 0, "RTM_NEWLINK set " + name + (up ? " up" : " down")),
                AF_UNSPEC,
                index,
                up ? IFF_UP : 0,
                IFF_UP);
    }

    /** A macvlan on top of parentIndex, in the given mode (1 private, 2 vepa, 4 bridge, 8 passthru). */
    public static NetlinkMessageBuilder newMacvlan(String name, int parentIndex, byte[] mac, int mode) {
        NetlinkMessageBuilder b = ifinfo(
                new NetlinkMessageBuilder(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, "RTM_NEWLINK macvlan " + name),
                AF_UNSPEC,
                0,
                0,
                0);
        b.attrString(IFLA_IFNAME, name).attrU32(IFLA_LINK, parentIndex);
        if (mac != null) {
            b.attr(IFLA_ADDRESS, mac);
        }
        int info = b.startNested(IFLA_LINKINFO);
        b.attrString(IFLA_INFO_KIND, "macvlan");
        int data = b.startNested(IFLA_INFO_DATA);
        b.attrU32(IFLA_MACVLAN_MODE, mode);
        b.endNested(data);
        b.endNested(info);
        return b;
    }

    /**
     * No IPv6 address generation on the link (addrgenmode none): a VMAC's MAC is the same on every
     * router of its VRID, so the link-local the kernel would derive from it would be too.
     */
    public static NetlinkMessageBuilder setAddrGenModeNone(int index, String name) {
        NetlinkMessageBuilder b = ifinfo(
                new NetlinkMessageBuilder(RTM_NEWLINK, 0, "RTM_NEWLINK set " + name + " addrgenmode none"),
                AF_UNSPEC,
                index,
                0,
                0);
        int spec = b.startNested(IFLA_AF_SPEC);
        int inet6 = b.startNested(AF_INET6);
        b.attrU8(IFLA_INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE);
        b.endNested(inet6);
        b.endNested(spec);
        return b;
    }

    /**
     * An IPv6 link-local /64 without duplicate address detection and deprecated (preferred
     * lifetime 0, valid forever), so the kernel never picks it as a source of its own.
     */
    public static NetlinkMessageBuilder newDeprecatedLinkLocal(InetAddress address, int index, String name) {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(
                        RTM_NEWADDR,
                        NLM_F_CREATE | NLM_F_EXCL,
                        "RTM_NEWADDR " + IpAddresses.format(address) + "/64 dev " + name + " nodad preferred_lft 0")
                .u8(AF_INET6)
                .u8(64)
                .u8(IFA_F_NODAD)
                .u8(AddressScope.LINK.code())
                .u32(index);
        b.attrAddress(IFA_LOCAL, address);
        b.attrAddress(IFA_ADDRESS, address);
        // struct ifa_cacheinfo: preferred 0, valid infinite (0xffffffff), two time stamps the kernel fills
        b.attr(
                IFA_CACHEINFO,
                ByteBuffer.allocate(16)
                        .order(ByteOrder.nativeOrder())
                        .putInt(0)
                        .putInt(-1)
                        .putInt(0)
                        .putInt(0)
                        .array());
        return b;
    }

    /** An L2-mode ipvlan on top of parentIndex with the given IFLA_IPVLAN_FLAGS (0 bridge, 1 private, 2 vepa). */
    public static NetlinkMessageBuilder newIpvlan(String name, int parentIndex, int flags) {
        NetlinkMessageBuilder b = ifinfo(
                new NetlinkMessageBuilder(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, "RTM_NEWLINK ipvlan " + name),
                AF_UNSPEC,
                0,
                0,
                0);
        b.attrString(IFLA_IFNAME, name).attrU32(IFLA_LINK, parentIndex);
        int info = b.startNested(IFLA_LINKINFO);
        b.attrString(IFLA_INFO_KIND, "ipvlan");
        int data = b.startNested(IFLA_INFO_DATA);
        b.attrU16(IFLA_IPVLAN_MODE, IPVLAN_MODE_L2);
        b.attrU16(IFLA_IPVLAN_FLAGS, flags);
        b.endNested(data);
        b.endNested(info);
        return b;
    }

    public static NetlinkMessageBuilder deleteLink(int index, String name) {
        return ifinfo(new NetlinkMessageBuilder(RTM_DELLINK, 0, "RTM_DELLINK " + name), AF_UNSPEC, index, 0, 0);
    }

    private static NetlinkMessageBuilder ifinfo(NetlinkMessageBuilder b, int family, int index, int flags, int change) {
        return b.u8(family).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    public static Link decodeLink(NetlinkMessage m) {
        ByteBuffer body = m.body();
        if (body.remaining() < IFINFOMSG_SIZE) {
            return null;
        }
        int index = body.getInt(4);
        int flags = body.getInt(8);
        NetlinkAttributes a = m.attributes(IFINFOMSG_SIZE);
        NetlinkAttributes info = a.nested(IFLA_LINKINFO);
        String name = a.string(IFLA_IFNAME);
        Integer mtu = a.u32(IFLA_MTU);
        Integer parent = a.u32(IFLA_LINK);
        Integer master = a.u32(IFLA_MASTER);
        Integer oper = a.u8(IFLA_OPERSTATE);
        return new Link(
                index,
                name == null ? "" : name,
                flags,
                a.bytes(IFLA_ADDRESS),
                mtu == null ? 0 : mtu,
                info == null ? null : info.string(IFLA_INFO_KIND),
                parent == null ? 0 : parent,
                master == null ? 0 : master,
                oper == null ? 0 : oper);
    }

    // ---- addresses

    public static NetlinkMessageBuilder dumpAddresses(int family) {
        return new NetlinkMessageBuilder(RTM_GETADDR, 0, "RTM_GETADDR dump")
                .u8(family)
                .u8(0)
                .u8(0)
                .u8(0)
                .u32(0);
    }

    public static NetlinkMessageBuilder newAddress(ManagedAddress a, int index) {
        return address(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, a, index, true);
    }

    public static NetlinkMessageBuilder deleteAddress(ManagedAddress a, int index) {
        return address(RTM_DELADDR, 0, a, index, false);
    }

    private static NetlinkMessageBuilder address(int type, int flags, ManagedAddress a, int index, boolean full) {
        boolean v4 = a.isIpv4();
        int ifaFlags = 0;
        for (AddressFlag f : a.flags()) {
            if (!(v4 && f.ipv6Only())) {
                ifaFlags |= f.bit();
            }
        }
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(
                        type, flags, (type == RTM_NEWADDR ? "RTM_NEWADDR " : "RTM_DELADDR ") + a)
                .u8(v4 ? AF_INET : AF_INET6)
                .u8(a.prefixLength())
                .u8(ifaFlags & 0xff)
                .u8(a.scope().code())
                .u32(index);
        // Attribute order as iproute2 sends it: local, broadcast, label, then address.
        b.attrAddress(IFA_LOCAL, a.address());
        if (full && v4 && a.broadcast() != null) {
            b.attrAddress(IFA_BROADCAST, a.broadcast());
        }
        if (full && v4 && a.label() != null) {
            b.attrString(IFA_LABEL, a.label());
        }
        b.attrAddress(IFA_ADDRESS, a.address());
        if (full && ifaFlags > 0xff) {
            b.attrU32(IFA_FLAGS, ifaFlags); // the flags that do not fit the header's byte
        }
        return b;
    }

    public static IfAddress decodeAddress(NetlinkMessage m) {
        ByteBuffer body = m.body();
        if (body.remaining() < IFADDRMSG_SIZE) {
            return null;
        }
        int prefix = body.get(1) & 0xff;
        int flags = body.get(2) & 0xff;
        int scope = body.get(3) & 0xff;
        int index = body.getInt(4);
        NetlinkAttributes a = m.attributes(IFADDRMSG_SIZE);
        InetAddress address = a.address(IFA_LOCAL);
        if (address == null) {
            address = a.address(IFA_ADDRESS);
        }
        if (address == null) {
            return null;
        }
        Integer longFlags = a.u32(IFA_FLAGS);
        AddressScope s;
        try {
            s = AddressScope.ofCode(scope);
        } catch (IllegalArgumentException e) {
            s = AddressScope.GLOBAL;
        }
        return new IfAddress(
                index,
                address,
                prefix,
                s,
                longFlags != null ? longFlags : flags,
                a.string(IFA_LABEL),
                a.address(IFA_BROADCAST));
    }

    // ---- routes

    public static NetlinkMessageBuilder newRoute(IpRoute r, int outIndex) {
        return route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, r, outIndex);
    }

    public static NetlinkMessageBuilder deleteRoute(IpRoute r, int outIndex) {
        return route(RTM_DELROUTE, 0, r, outIndex);
    }

    private static NetlinkMessageBuilder route(int type, int flags, IpRoute r, int outIndex) {
        boolean add = type == RTM_NEWROUTE;
        IpPrefix d = r.destination();
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(
                type, flags, (add ? "RTM_NEWROUTE " : "RTM_DELROUTE ") + ConfigLines.route(r));
        b.u8(d.family() == Family.INET ? AF_INET : AF_INET6)
                .u8(d.length())
                .u8(r.from() != null ? r.from().length() : 0)
                .u8(r.tos())
                .u8(r.table() < 256 ? r.table() : RT_TABLE_UNSPEC)
                .u8(add ? (r.protocol() != null ? r.protocol() : RTPROT_KEEPALIVED) : 0)
                .u8(add ? scope(r).code() : RT_SCOPE_NOWHERE)
                .u8(r.type().code())
                .u32(r.onlink() ? RTNH_F_ONLINK : 0);
        if (d.length() > 0) {
            b.attrAddress(RTA_DST, d.address());
        }
        if (r.from() != null) {
            b.attrAddress(RTA_SRC, r.from().address());
        }
        if (r.via() != null && Family.of(r.via()) == d.family()) {
            b.attrAddress(RTA_GATEWAY, r.via());
        } else if (r.via() != null) {
            b.attr(RTA_VIA, via(r.via()));
        }
        if (r.source() != null) {
            b.attrAddress(RTA_PREFSRC, r.source());
        }
        if (outIndex > 0) {
            b.attrU32(RTA_OIF, outIndex);
        }
        if (r.metric() != null) {
            b.attrU32(RTA_PRIORITY, r.metric());
        }
        if (r.table() >= 256) {
            b.attrU32(RTA_TABLE, r.table());
        }
        if (r.realms() != null) {
            b.attrU32(RTA_FLOW, r.realms());
        }
        if (add && !r.metrics().isEmpty()) {
            b.attr(RTA_METRICS, metrics(r));
        }
        return b;
    }

    /** The scope sent when the line gives none: like ip, link for a direct unicast route, else global. */
    private static AddressScope scope(IpRoute r) {
        if (r.scope() != null) {
            return r.scope();
        }
        if (r.type() == RouteType.LOCAL) {
            return AddressScope.HOST;
        }
        return r.type() == RouteType.UNICAST && r.via() == null ? AddressScope.LINK : AddressScope.GLOBAL;
    }

    /** struct rtvia: the family, then the address. */
    private static byte[] via(InetAddress gateway) {
        byte[] a = gateway.getAddress();
        return ByteBuffer.allocate(2 + a.length)
                .order(ByteOrder.nativeOrder())
                .putShort((short) (a.length == 4 ? AF_INET : AF_INET6))
                .put(a)
                .array();
    }

    /** The RTAX_* attributes nested in RTA_METRICS (without NLA_F_NESTED, as ip sends them). */
    private static byte[] metrics(IpRoute r) {
        ByteBuffer m = ByteBuffer.allocate(8 * (r.metrics().size() + 1)).order(ByteOrder.nativeOrder());
        int lock = 0;
        for (RouteMetric locked : r.locked()) {
            lock |= 1 << locked.code();
        }
        if (lock != 0) {
            m.putShort((short) 8).putShort((short) RTAX_LOCK).putInt(lock);
        }
        for (Map.Entry<RouteMetric, Long> e : r.metrics().entrySet()) {
            m.putShort((short) 8).putShort((short) e.getKey().code()).putInt((int)
                    e.getValue().longValue());
        }
        return java.util.Arrays.copyOf(m.array(), m.position());
    }

    public static NetlinkMessageBuilder dumpRoutes(int family) {
        return dumpOfFamily(RTM_GETROUTE, "RTM_GETROUTE dump", family);
    }

    /** A dump request whose header is struct rtmsg or struct fib_rule_hdr (same layout): only the family set. */
    private static NetlinkMessageBuilder dumpOfFamily(int type, String description, int family) {
        return new NetlinkMessageBuilder(type, 0, description)
                .u8(family)
                .u8(0)
                .u8(0)
                .u8(0)
                .u8(0)
                .u8(0)
                .u8(0)
                .u8(0)
                .u32(0);
    }

    /**
     * A route from an RTM_NEWROUTE (with the protocol that installed it); device names come from
     * the index-to-name function.
     */
    public static IpRoute decodeRoute(NetlinkMessage m, java.util.function.IntFunction<String> names) {
        ByteBuffer body = m.body();
        if (body.remaining() < RTMSG_SIZE) {
            return null;
        }
        int family = body.get(0) & 0xff;
        int dstLen = body.get(1) & 0xff;
        int protocol = body.get(5) & 0xff;
        int scope = body.get(6) & 0xff;
        int type = body.get(7) & 0xff;
        NetlinkAttributes a = m.attributes(RTMSG_SIZE);
        Integer table = a.u32(RTA_TABLE);
        InetAddress dst = a.address(RTA_DST);
        if (dst == null) {
            dst = anyAddress(family);
        }
        // the prefix must fit the address actually carried, whatever the family byte claims
        if (dst == null || dstLen > dst.getAddress().length * 8) {
            return null;
        }
        Integer oif = a.u32(RTA_OIF);
        RouteType t = RouteType.ofCode(type);
        if (t == null) {
            return null;
        }
        AddressScope s;
        try {
            s = AddressScope.ofCode(scope);
        } catch (IllegalArgumentException e) {
            s = null;
        }
        try {
            return new IpRoute(
                    Origin.NONE,
                    t,
                    new IpPrefix(dst, dstLen),
                    null,
                    a.address(RTA_PREFSRC),
                    a.address(RTA_GATEWAY),
                    oif == null ? null : names.apply(oif),
                    table != null ? table : body.get(4) & 0xff,
                    a.u32(RTA_PRIORITY),
                    s,
                    protocol,
                    0,
                    false,
                    null,
                    Map.of(),
                    Set.of(),
                    false,
                    null);
        } catch (IllegalArgumentException e) {
            return null; // a route our model cannot hold: not ours to manage
        }
    }

    private static InetAddress anyAddress(int family) {
        try {
            if (family == AF_INET) {
                return InetAddress.getByAddress(new byte[4]);
            }
            if (family == AF_INET6) {
                return InetAddress.getByAddress(new byte[16]);
            }
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
        return null;
    }

    // ---- rules

    public static NetlinkMessageBuilder dumpRules(int family) {
        return dumpOfFamily(RTM_GETRULE, "RTM_GETRULE dump", family);
    }

    public static IpRule decodeRule(NetlinkMessage m) {
        ByteBuffer body = m.body();
        if (body.remaining() < FIB_RULE_HDR_SIZE) {
            return null;
        }
        int family = body.get(0) & 0xff;
        if (family != AF_INET && family != AF_INET6) {
            return null;
        }
        int dstLen = body.get(1) & 0xff;
        int srcLen = body.get(2) & 0xff;
        NetlinkAttributes a = m.attributes(FIB_RULE_HDR_SIZE);
        Integer table = a.u32(FRA_TABLE);
        InetAddress src = a.address(FRA_SRC);
        InetAddress dst = a.address(FRA_DST);
        Integer mark = a.u32(FRA_FWMARK);
        Integer mask = mark == null ? null : a.u32(FRA_FWMASK);
        Family f = family == AF_INET ? Family.INET : Family.INET6;
        try {
            IpPrefix from = src == null ? null : new IpPrefix(src, srcLen);
            IpPrefix to = dst == null ? null : new IpPrefix(dst, dstLen);
            if ((from != null && from.family() != f) || (to != null && to.family() != f)) {
                return null;
            }
            return new IpRule(
                    Origin.NONE,
                    f,
                    false,
                    from,
                    to,
                    a.u32(FRA_PRIORITY),
                    RuleAction.TABLE,
                    table != null ? table : body.get(4) & 0xff,
                    null,
                    0,
                    mark == null ? null : Integer.toUnsignedLong(mark),
                    mask == null ? null : Integer.toUnsignedLong(mask),
                    a.has(FRA_IIFNAME) ? a.string(FRA_IIFNAME) : null,
                    a.has(FRA_OIFNAME) ? a.string(FRA_OIFNAME) : null,
                    null,
                    null,
                    null,
                    false,
                    null,
                    null,
                    null,
                    null,
                    null,
                    false,
                    null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static NetlinkMessageBuilder newRule(IpRule r) {
        return rule(RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, r);
    }

    public static NetlinkMessageBuilder deleteRule(IpRule r) {
        return rule(RTM_DELRULE, 0, r);
    }

    private static NetlinkMessageBuilder rule(int type, int flags, IpRule r) {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(
                type, flags, (type == RTM_NEWRULE ? "RTM_NEWRULE " : "RTM_DELRULE ") + ConfigLines.rule(r));
        boolean lookup = r.action() == RuleAction.TABLE && !r.l3mdev();
        b.u8(r.family() == Family.INET6 ? AF_INET6 : AF_INET)
                .u8(r.to() != null ? r.to().length() : 0)
                .u8(r.from() != null ? r.from().length() : 0)
                .u8(r.tos())
                .u8(lookup && r.table() < 256 ? r.table() : RT_TABLE_UNSPEC)
                .u8(0)
                .u8(0)
                .u8(r.action().code())
                .u32(r.invert() ? FIB_RULE_INVERT : 0);
        if (r.priority() != null) {
            b.attrU32(FRA_PRIORITY, r.priority());
        }
        if (r.from() != null) {
            b.attrAddress(FRA_SRC, r.from().address());
        }
        if (r.to() != null) {
            b.attrAddress(FRA_DST, r.to().address());
        }
        if (r.fwmark() != null) {
            b.attrU32(FRA_FWMARK, (int) r.fwmark().longValue());
            if (r.fwmask() != null) {
                b.attrU32(FRA_FWMASK, (int) r.fwmask().longValue());
            }
        }
        if (r.inInterface() != null) {
            b.attrString(FRA_IIFNAME, r.inInterface());
        }
        if (r.outInterface() != null) {
            b.attrString(FRA_OIFNAME, r.outInterface());
        }
        if (lookup) {
            b.attrU32(FRA_TABLE, r.table());
        }
        if (r.gotoPriority() != null) {
            b.attrU32(FRA_GOTO, r.gotoPriority());
        }
        if (r.realms() != null) {
            b.attrU32(FRA_FLOW, r.realms());
        }
        if (r.suppressPrefixLength() != null) {
            b.attrU32(FRA_SUPPRESS_PREFIXLEN, r.suppressPrefixLength());
        }
        if (r.suppressIfgroup() != null) {
            b.attrU32(FRA_SUPPRESS_IFGROUP, r.suppressIfgroup());
        }
        if (r.l3mdev()) {
            b.attrU8(FRA_L3MDEV, 1);
        }
        if (r.uidRange() != null) {
            b.attr(
                    FRA_UID_RANGE,
                    ByteBuffer.allocate(8)
                            .order(ByteOrder.nativeOrder())
                            .putInt((int) r.uidRange().first())
                            .putInt((int) r.uidRange().last())
                            .array());
        }
        if (r.protocol() != null) {
            b.attrU8(FRA_PROTOCOL, r.protocol());
        }
        if (r.ipProto() != null) {
            b.attrU8(FRA_IP_PROTO, r.ipProto());
        }
        portRange(b, FRA_SPORT_RANGE, r.sourcePorts());
        portRange(b, FRA_DPORT_RANGE, r.destinationPorts());
        return b;
    }

    /** struct fib_rule_port_range: two u16 in host order. */
    private static void portRange(NetlinkMessageBuilder b, int attr, NumberRange range) {
        if (range != null) {
            b.attr(
                    attr,
                    ByteBuffer.allocate(4)
                            .order(ByteOrder.nativeOrder())
                            .putShort((short) range.first())
                            .putShort((short) range.last())
                            .array());
        }
    }
}
