package org.keepalivedj.netlink.internal;

import static org.keepalivedj.netlink.NetlinkConstants.NLM_F_CREATE;
import static org.keepalivedj.netlink.NetlinkConstants.NLM_F_EXCL;
import static org.keepalivedj.netlink.internal.Rtnl.*;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
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
import org.keepalivedj.netlink.Route;
import org.keepalivedj.netlink.RouteOptions;
import org.keepalivedj.netlink.Rule;
import org.keepalivedj.netlink.RuleOptions;

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

    public static NetlinkMessageBuilder newRoute(Route r, int outIndex) {
        return route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, r, outIndex);
    }

    public static NetlinkMessageBuilder deleteRoute(Route r, int outIndex) {
        return route(RTM_DELROUTE, 0, r, outIndex);
    }

    private static NetlinkMessageBuilder route(int type, int flags, Route r, int outIndex) {
        boolean add = type == RTM_NEWROUTE;
        RouteOptions o = r.options();
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(type, flags, (add ? "RTM_NEWROUTE " : "RTM_DELROUTE ") + r);
        b.u8(r.isIpv4() ? AF_INET : AF_INET6)
                .u8(r.prefixLength())
                .u8(o.from() != null ? o.fromLength() : 0)
                .u8(o.tos())
                .u8(r.table() < 256 ? r.table() : RT_TABLE_UNSPEC)
                .u8(add ? (o.protocol() != null ? o.protocol() : RTPROT_KEEPALIVED) : 0)
                .u8(add ? r.effectiveScope().code() : RT_SCOPE_NOWHERE)
                .u8(r.type().code())
                .u32(o.onlink() ? RTNH_F_ONLINK : 0);
        if (r.prefixLength() > 0) {
            b.attrAddress(RTA_DST, r.destination());
        }
        if (o.from() != null) {
            b.attrAddress(RTA_SRC, o.from());
        }
        if (r.gateway() != null
                && r.gateway().getAddress().length == r.destination().getAddress().length) {
            b.attrAddress(RTA_GATEWAY, r.gateway());
        } else if (r.gateway() != null) {
            b.attr(RTA_VIA, via(r.gateway()));
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
        if (o.realms() != null) {
            b.attrU32(RTA_FLOW, o.realms());
        }
        if (add && !o.metrics().isEmpty()) {
            b.attr(RTA_METRICS, metrics(o));
        }
        return b;
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
    private static byte[] metrics(RouteOptions o) {
        ByteBuffer m = ByteBuffer.allocate(8 * (o.metrics().size() + 1)).order(ByteOrder.nativeOrder());
        int lock = 0;
        for (RouteMetric locked : o.locked()) {
            lock |= 1 << locked.code();
        }
        if (lock != 0) {
            m.putShort((short) 8).putShort((short) RTAX_LOCK).putInt(lock);
        }
        for (Map.Entry<RouteMetric, Long> e : o.metrics().entrySet()) {
            m.putShort((short) 8).putShort((short) e.getKey().code()).putInt((int)
                    e.getValue().longValue());
        }
        return java.util.Arrays.copyOf(m.array(), m.position());
    }

    public static NetlinkMessageBuilder dumpRoutes(int family) {
        return new NetlinkMessageBuilder(RTM_GETROUTE, 0, "RTM_GETROUTE dump")
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

    /** A route from an RTM_NEWROUTE; device names come from the index-to-name function. */
    public static DecodedRoute decodeRoute(NetlinkMessage m, java.util.function.IntFunction<String> names) {
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
            Route r = new Route(
                    dst,
                    dstLen,
                    a.address(RTA_GATEWAY),
                    a.address(RTA_PREFSRC),
                    oif == null ? null : names.apply(oif),
                    table != null ? table : body.get(4) & 0xff,
                    a.u32(RTA_PRIORITY),
                    s,
                    t,
                    RouteOptions.NONE);
            return new DecodedRoute(r, protocol);
        } catch (IllegalArgumentException e) {
            return null; // a route our model cannot hold (mixed families, say): not ours to manage
        }
    }

    /** A decoded route and the protocol that installed it (RTPROT_*). */
    public record DecodedRoute(Route route, int protocol) {}

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
        return new NetlinkMessageBuilder(RTM_GETRULE, 0, "RTM_GETRULE dump")
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

    public static Rule decodeRule(NetlinkMessage m) {
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
        Rule r = family == AF_INET ? Rule.ipv4() : Rule.ipv6();
        Integer table = a.u32(FRA_TABLE);
        r = r.table(table != null ? table : body.get(4) & 0xff);
        Integer priority = a.u32(FRA_PRIORITY);
        if (priority != null) {
            r = r.priority(priority);
        }
        InetAddress src = a.address(FRA_SRC);
        InetAddress dst = a.address(FRA_DST);
        try {
            if (src != null) {
                r = r.from(src, srcLen);
            }
            if (dst != null) {
                r = r.to(dst, dstLen);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        Integer mark = a.u32(FRA_FWMARK);
        if (mark != null) {
            r = r.fwmark(mark, a.u32(FRA_FWMASK));
        }
        if (a.has(FRA_IIFNAME)) {
            r = r.iif(a.string(FRA_IIFNAME));
        }
        if (a.has(FRA_OIFNAME)) {
            r = r.oif(a.string(FRA_OIFNAME));
        }
        return r;
    }

    public static NetlinkMessageBuilder newRule(Rule r) {
        return rule(RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, r);
    }

    public static NetlinkMessageBuilder deleteRule(Rule r) {
        return rule(RTM_DELRULE, 0, r);
    }

    private static NetlinkMessageBuilder rule(int type, int flags, Rule r) {
        RuleOptions o = r.options();
        NetlinkMessageBuilder b =
                new NetlinkMessageBuilder(type, flags, (type == RTM_NEWRULE ? "RTM_NEWRULE " : "RTM_DELRULE ") + r);
        boolean lookup = o.action() == RuleAction.TABLE && !o.l3mdev();
        b.u8(r.v6() ? AF_INET6 : AF_INET)
                .u8(r.to() != null ? r.toLength() : 0)
                .u8(r.from() != null ? r.fromLength() : 0)
                .u8(o.tos())
                .u8(lookup && r.table() < 256 ? r.table() : RT_TABLE_UNSPEC)
                .u8(0)
                .u8(0)
                .u8(o.action().code())
                .u32(o.invert() ? FIB_RULE_INVERT : 0);
        if (r.priority() != null) {
            b.attrU32(FRA_PRIORITY, r.priority());
        }
        if (r.from() != null) {
            b.attrAddress(FRA_SRC, r.from());
        }
        if (r.to() != null) {
            b.attrAddress(FRA_DST, r.to());
        }
        if (r.fwmark() != null) {
            b.attrU32(FRA_FWMARK, r.fwmark());
            if (r.fwmask() != null) {
                b.attrU32(FRA_FWMASK, r.fwmask());
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
        if (o.gotoPriority() != null) {
            b.attrU32(FRA_GOTO, o.gotoPriority());
        }
        if (o.realms() != null) {
            b.attrU32(FRA_FLOW, o.realms());
        }
        if (o.suppressPrefixLength() != null) {
            b.attrU32(FRA_SUPPRESS_PREFIXLEN, o.suppressPrefixLength());
        }
        if (o.suppressIfgroup() != null) {
            b.attrU32(FRA_SUPPRESS_IFGROUP, o.suppressIfgroup());
        }
        if (o.l3mdev()) {
            b.attrU8(FRA_L3MDEV, 1);
        }
        if (o.uidRange() != null) {
            b.attr(
                    FRA_UID_RANGE,
                    ByteBuffer.allocate(8)
                            .order(ByteOrder.nativeOrder())
                            .putInt((int) o.uidRange().first())
                            .putInt((int) o.uidRange().last())
                            .array());
        }
        if (o.protocol() != null) {
            b.attrU8(FRA_PROTOCOL, o.protocol());
        }
        if (o.ipProto() != null) {
            b.attrU8(FRA_IP_PROTO, o.ipProto());
        }
        portRange(b, FRA_SPORT_RANGE, o.sourcePorts());
        portRange(b, FRA_DPORT_RANGE, o.destinationPorts());
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
