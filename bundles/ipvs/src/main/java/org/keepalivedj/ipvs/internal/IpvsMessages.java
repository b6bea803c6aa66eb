package org.keepalivedj.ipvs.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.function.ToLongBiFunction;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceStatistics.Counters;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.ipvs.ConnectionTimeouts;
import org.keepalivedj.ipvs.SyncDaemonSettings;
import org.keepalivedj.netlink.GenericNetlink;
import org.keepalivedj.netlink.NetlinkAttributes;
import org.keepalivedj.netlink.NetlinkMessage;
import org.keepalivedj.netlink.NetlinkMessageBuilder;

/**
 * Encodes IPVS requests and decodes the kernel's answers. Plain Java over bytes: no socket here.
 * Addresses go out as the kernel's 16-byte nf_inet_addr (IPv4 in the first 4 bytes), ports in
 * network byte order, everything else in host byte order.
 */
final class IpvsMessages {

    private static final int ADDR_SIZE = 16;

    private final int familyId;

    IpvsMessages(int familyId) {
        this.familyId = familyId;
    }

    // ---- requests ----

    NetlinkMessageBuilder newService(KernelService s) {
        return serviceCommand(Ipvs.CMD_NEW_SERVICE, "add", s);
    }

    NetlinkMessageBuilder setService(KernelService s) {
        return serviceCommand(Ipvs.CMD_SET_SERVICE, "change", s);
    }

    NetlinkMessageBuilder deleteService(ServiceKey key) {
        NetlinkMessageBuilder b = request(Ipvs.CMD_DEL_SERVICE, "IPVS delete service " + key);
        int nest = b.startNested(Ipvs.CMD_ATTR_SERVICE);
        serviceKey(b, key);
        return b.endNested(nest);
    }

    NetlinkMessageBuilder dumpServices() {
        return request(Ipvs.CMD_GET_SERVICE, "IPVS list services");
    }

    NetlinkMessageBuilder dumpDestinations(ServiceKey key) {
        NetlinkMessageBuilder b = request(Ipvs.CMD_GET_DEST, "IPVS list destinations of " + key);
        int nest = b.startNested(Ipvs.CMD_ATTR_SERVICE);
        serviceKey(b, key);
        return b.endNested(nest);
    }

    NetlinkMessageBuilder newDestination(ServiceKey key, KernelDestination d) {
        return destinationCommand(Ipvs.CMD_NEW_DEST, "add", key, d);
    }

    NetlinkMessageBuilder setDestination(ServiceKey key, KernelDestination d) {
        return destinationCommand(Ipvs.CMD_SET_DEST, "change", key, d);
    }

    NetlinkMessageBuilder deleteDestination(ServiceKey key, KernelDestination.Endpoint d) {
        NetlinkMessageBuilder b = request(Ipvs.CMD_DEL_DEST, "IPVS delete destination " + d + " of " + key);
        int dest = destination(b, key, d.address(), d.port());
        return b.endNested(dest);
    }

    NetlinkMessageBuilder getInfo() {
        return request(Ipvs.CMD_GET_INFO, "IPVS get info");
    }

    NetlinkMessageBuilder getConfig() {
        return request(Ipvs.CMD_GET_CONFIG, "IPVS get timeouts");
    }

    /** Connection timeouts in seconds; 0 leaves one unchanged. */
    NetlinkMessageBuilder setTimeouts(ConnectionTimeouts t) {
        return request(Ipvs.CMD_SET_CONFIG, "IPVS set timeouts " + t)
                .attrU32(Ipvs.CMD_ATTR_TIMEOUT_TCP, t.tcpSeconds())
                .attrU32(Ipvs.CMD_ATTR_TIMEOUT_TCP_FIN, t.tcpFinSeconds())
                .attrU32(Ipvs.CMD_ATTR_TIMEOUT_UDP, t.udpSeconds());
    }

    NetlinkMessageBuilder startSyncDaemon(SyncDaemonSettings d) {
        NetlinkMessageBuilder b = request(Ipvs.CMD_NEW_DAEMON, "IPVS start sync daemon " + d);
        int nest = b.startNested(Ipvs.CMD_ATTR_DAEMON);
        b.attrU32(Ipvs.DAEMON_ATTR_STATE, d.state().code);
        b.attrString(Ipvs.DAEMON_ATTR_MCAST_IFN, d.interfaceName());
        b.attrU32(Ipvs.DAEMON_ATTR_SYNC_ID, d.syncId());
        if (d.maxLength() > 0) {
            b.attrU16(Ipvs.DAEMON_ATTR_SYNC_MAXLEN, d.maxLength());
        }
        if (d.group() != null) {
            b.attr(
                    d.group() instanceof Inet6Address ? Ipvs.DAEMON_ATTR_MCAST_GROUP6 : Ipvs.DAEMON_ATTR_MCAST_GROUP,
                    d.group().getAddress());
        }
        if (d.port() > 0) {
            b.attrU16(Ipvs.DAEMON_ATTR_MCAST_PORT, d.port());
        }
        if (d.ttl() > 0) {
            b.attrU8(Ipvs.DAEMON_ATTR_MCAST_TTL, d.ttl());
        }
        return b.endNested(nest);
    }

    NetlinkMessageBuilder stopSyncDaemon(SyncDaemonSettings.State state) {
        NetlinkMessageBuilder b = request(Ipvs.CMD_DEL_DAEMON, "IPVS stop sync daemon " + state);
        int nest = b.startNested(Ipvs.CMD_ATTR_DAEMON);
        b.attrU32(Ipvs.DAEMON_ATTR_STATE, state.code);
        return b.endNested(nest);
    }

    NetlinkMessageBuilder dumpSyncDaemons() {
        return request(Ipvs.CMD_GET_DAEMON, "IPVS list sync daemons");
    }

    NetlinkMessageBuilder flush() {
        return request(Ipvs.CMD_FLUSH, "IPVS flush");
    }

    private NetlinkMessageBuilder request(int command, String description) {
        return GenericNetlink.request(familyId, command, Ipvs.VERSION, 0, description);
    }

    private NetlinkMessageBuilder serviceCommand(int command, String verb, KernelService s) {
        NetlinkMessageBuilder b = request(command, "IPVS " + verb + " service " + s.key() + " " + s.scheduler());
        int nest = b.startNested(Ipvs.CMD_ATTR_SERVICE);
        serviceKey(b, s.key());
        b.attrString(Ipvs.SVC_ATTR_SCHED_NAME, s.scheduler());
        if (s.persistenceEngine() != null) {
            b.attrString(Ipvs.SVC_ATTR_PE_NAME, s.persistenceEngine());
        }
        // struct ip_vs_flags { flags; mask }: the mask says every flag is given.
        b.attr(
                Ipvs.SVC_ATTR_FLAGS,
                ByteBuffer.allocate(8)
                        .order(ByteOrder.nativeOrder())
                        .putInt(s.flags())
                        .putInt(-1)
                        .array());
        b.attrU32(Ipvs.SVC_ATTR_TIMEOUT, s.timeoutSeconds());
        netmask(b, s.key().family(), s.netmask());
        return b.endNested(nest);
    }

    /** The service's key, then the destination's nest opened with its address, port and family: the nest to end. */
    private static int destination(NetlinkMessageBuilder b, ServiceKey key, InetAddress address, int port) {
        int svc = b.startNested(Ipvs.CMD_ATTR_SERVICE);
        serviceKey(b, key);
        b.endNested(svc);
        int dest = b.startNested(Ipvs.CMD_ATTR_DEST);
        b.attr(Ipvs.DEST_ATTR_ADDR, address(address));
        b.attrBe16(Ipvs.DEST_ATTR_PORT, port);
        b.attrU16(Ipvs.DEST_ATTR_ADDR_FAMILY, af(address));
        return dest;
    }

    private NetlinkMessageBuilder destinationCommand(int command, String verb, ServiceKey key, KernelDestination d) {
        NetlinkMessageBuilder b = request(command, "IPVS " + verb + " destination " + d.endpoint() + " of " + key);
        int dest = destination(b, key, d.address(), d.port());
        b.attrU32(Ipvs.DEST_ATTR_FWD_METHOD, d.forwarding());
        b.attrU32(Ipvs.DEST_ATTR_WEIGHT, d.weight());
        b.attrU32(Ipvs.DEST_ATTR_U_THRESH, d.upperThreshold());
        b.attrU32(Ipvs.DEST_ATTR_L_THRESH, d.lowerThreshold());
        if (d.forwarding() == Ipvs.FWD_TUNNEL) {
            b.attrU8(Ipvs.DEST_ATTR_TUN_TYPE, d.tunnelType());
            b.attrBe16(Ipvs.DEST_ATTR_TUN_PORT, d.tunnelPort());
            b.attrU16(Ipvs.DEST_ATTR_TUN_FLAGS, d.tunnelFlags());
        }
        return b.endNested(dest);
    }

    private static void serviceKey(NetlinkMessageBuilder b, ServiceKey key) {
        b.attrU16(Ipvs.SVC_ATTR_AF, key.family() == Family.INET ? Ipvs.AF_INET : Ipvs.AF_INET6);
        if (key.isFwmark()) {
            b.attrU32(Ipvs.SVC_ATTR_FWMARK, key.fwmark());
        } else {
            b.attrU16(Ipvs.SVC_ATTR_PROTOCOL, protocolNumber(key.protocol()));
            b.attr(Ipvs.SVC_ATTR_ADDR, address(key.address()));
            b.attrBe16(Ipvs.SVC_ATTR_PORT, key.port());
        }
    }

    private static void netmask(NetlinkMessageBuilder b, Family family, int netmask) {
        if (family == Family.INET) {
            b.attrBe32(Ipvs.SVC_ATTR_NETMASK, netmask);
        } else {
            b.attrU32(Ipvs.SVC_ATTR_NETMASK, netmask);
        }
    }

    private static byte[] address(InetAddress a) {
        return Arrays.copyOf(a.getAddress(), ADDR_SIZE);
    }

    private static int af(InetAddress a) {
        return a instanceof Inet6Address ? Ipvs.AF_INET6 : Ipvs.AF_INET;
    }

    static int protocolNumber(Protocol p) {
        return switch (p) {
            case TCP -> Ipvs.IPPROTO_TCP;
            case UDP -> Ipvs.IPPROTO_UDP;
            case SCTP -> Ipvs.IPPROTO_SCTP;
        };
    }

    static Protocol protocol(int number) {
        return switch (number) {
            case Ipvs.IPPROTO_TCP -> Protocol.TCP;
            case Ipvs.IPPROTO_UDP -> Protocol.UDP;
            case Ipvs.IPPROTO_SCTP -> Protocol.SCTP;
            default -> null;
        };
    }

    // ---- answers ----

    /** A service with its counters, as GET_SERVICE answers. */
    record DecodedService(KernelService service, Counters counters) {}

    /** A destination with its counters, as GET_DEST answers. */
    record DecodedDestination(KernelDestination destination, Counters counters) {}

    /** Decodes one GET_SERVICE answer; null when it is not a service this code understands (counted by the caller). */
    static DecodedService decodeService(NetlinkMessage m) {
        NetlinkAttributes top = m.attributes(GenericNetlink.GENL_HEADER_SIZE);
        NetlinkAttributes a = top.nested(Ipvs.CMD_ATTR_SERVICE);
        if (a == null || a.malformed()) {
            return null;
        }
        Integer afNumber = a.u16(Ipvs.SVC_ATTR_AF);
        Family family = family(afNumber);
        String scheduler = a.string(Ipvs.SVC_ATTR_SCHED_NAME);
        ByteBuffer flags = a.value(Ipvs.SVC_ATTR_FLAGS);
        Integer timeout = a.u32(Ipvs.SVC_ATTR_TIMEOUT);
        ByteBuffer netmask = a.value(Ipvs.SVC_ATTR_NETMASK);
        if (family == null
                || scheduler == null
                || flags == null
                || flags.remaining() < 4
                || timeout == null
                || netmask == null
                || netmask.remaining() < 4) {
            return null;
        }
        ServiceKey key;
        Integer fwmark = a.u32(Ipvs.SVC_ATTR_FWMARK);
        if (fwmark != null && fwmark != 0) {
            key = ServiceKey.fwmark(fwmark, family, Protocol.TCP);
        } else {
            Protocol protocol = protocol(a.u16(Ipvs.SVC_ATTR_PROTOCOL) == null ? -1 : a.u16(Ipvs.SVC_ATTR_PROTOCOL));
            InetAddress address = address(a.bytes(Ipvs.SVC_ATTR_ADDR), family);
            ByteBuffer port = a.value(Ipvs.SVC_ATTR_PORT);
            if (protocol == null || address == null || port == null || port.remaining() < 2) {
                return null;
            }
            key = ServiceKey.of(address, port.order(ByteOrder.BIG_ENDIAN).getShort(0) & 0xffff, protocol);
        }
        int mask = family == Family.INET ? netmask.order(ByteOrder.BIG_ENDIAN).getInt(0) : netmask.getInt(0);
        KernelService s =
                new KernelService(key, scheduler, flags.getInt(0), timeout, mask, a.string(Ipvs.SVC_ATTR_PE_NAME));
        return new DecodedService(s, counters(a.nested(Ipvs.SVC_ATTR_STATS64), a.nested(Ipvs.SVC_ATTR_STATS), null));
    }

    /** Decodes one GET_DEST answer; null when it is malformed. */
    static DecodedDestination decodeDestination(NetlinkMessage m, Family serviceFamily) {
        NetlinkAttributes top = m.attributes(GenericNetlink.GENL_HEADER_SIZE);
        NetlinkAttributes a = top.nested(Ipvs.CMD_ATTR_DEST);
        if (a == null || a.malformed()) {
            return null;
        }
        Integer afNumber = a.u16(Ipvs.DEST_ATTR_ADDR_FAMILY);
        Family family = afNumber == null ? serviceFamily : family(afNumber);
        InetAddress address = family == null ? null : address(a.bytes(Ipvs.DEST_ATTR_ADDR), family);
        ByteBuffer port = a.value(Ipvs.DEST_ATTR_PORT);
        Integer method = a.u32(Ipvs.DEST_ATTR_FWD_METHOD);
        Integer weight = a.u32(Ipvs.DEST_ATTR_WEIGHT);
        if (address == null || port == null || port.remaining() < 2 || method == null || weight == null) {
            return null;
        }
        ByteBuffer tunnelPort = a.value(Ipvs.DEST_ATTR_TUN_PORT);
        KernelDestination d = new KernelDestination(
                address,
                port.order(ByteOrder.BIG_ENDIAN).getShort(0) & 0xffff,
                method & 0x7,
                weight,
                orZero(a.u32(Ipvs.DEST_ATTR_U_THRESH)),
                orZero(a.u32(Ipvs.DEST_ATTR_L_THRESH)),
                orZero(a.u8(Ipvs.DEST_ATTR_TUN_TYPE)),
                tunnelPort == null || tunnelPort.remaining() < 2
                        ? 0
                        : tunnelPort.order(ByteOrder.BIG_ENDIAN).getShort(0) & 0xffff,
                orZero(a.u16(Ipvs.DEST_ATTR_TUN_FLAGS)));
        long[] conns = {orZero(a.u32(Ipvs.DEST_ATTR_ACTIVE_CONNS)), orZero(a.u32(Ipvs.DEST_ATTR_INACT_CONNS))};
        return new DecodedDestination(
                d, counters(a.nested(Ipvs.DEST_ATTR_STATS64), a.nested(Ipvs.DEST_ATTR_STATS), conns));
    }

    /** The connection timeouts of a GET_CONFIG answer. */
    static ConnectionTimeouts decodeTimeouts(NetlinkMessage m) {
        NetlinkAttributes a = m.attributes(GenericNetlink.GENL_HEADER_SIZE);
        return new ConnectionTimeouts(
                seconds(a.u32(Ipvs.CMD_ATTR_TIMEOUT_TCP)),
                seconds(a.u32(Ipvs.CMD_ATTR_TIMEOUT_TCP_FIN)),
                seconds(a.u32(Ipvs.CMD_ATTR_TIMEOUT_UDP)));
    }

    /** A u32 of seconds: absent is 0; beyond int range (read as negative) is capped, not thrown. */
    private static int seconds(Integer u32) {
        return u32 == null ? 0 : u32 < 0 ? Integer.MAX_VALUE : u32;
    }

    /** The sync daemon of one GET_DAEMON answer: state, interface and sync id. */
    static Map.Entry<SyncDaemonSettings.State, String> decodeSyncDaemon(NetlinkMessage m) {
        NetlinkAttributes a = m.attributes(GenericNetlink.GENL_HEADER_SIZE).nested(Ipvs.CMD_ATTR_DAEMON);
        if (a == null) {
            return null;
        }
        SyncDaemonSettings.State state = SyncDaemonSettings.State.of(orZero(a.u32(Ipvs.DAEMON_ATTR_STATE)));
        return state == null
                ? null
                : Map.entry(
                        state,
                        a.string(Ipvs.DAEMON_ATTR_MCAST_IFN) + " syncid " + orZero(a.u32(Ipvs.DAEMON_ATTR_SYNC_ID)));
    }

    /** The IPVS version code of a GET_INFO answer (0x010201 is 1.2.1). */
    static int decodeVersion(NetlinkMessage m) {
        return orZero(m.attributes(GenericNetlink.GENL_HEADER_SIZE).u32(Ipvs.INFO_ATTR_VERSION));
    }

    private static Counters counters(NetlinkAttributes stats64, NetlinkAttributes stats32, long[] conns) {
        long active = conns == null ? 0 : conns[0];
        long inactive = conns == null ? 0 : conns[1];
        NetlinkAttributes stats = stats64 != null ? stats64 : stats32;
        if (stats == null) {
            return new Counters(0, 0, 0, 0, 0, active, inactive, 0, 0, 0, 0, 0);
        }
        // The old layout (stats32): 32-bit counters, 64-bit byte counts.
        ToLongBiFunction<NetlinkAttributes, Integer> counter = stats64 != null ? IpvsMessages::u64 : IpvsMessages::u32;
        return new Counters(
                counter.applyAsLong(stats, Ipvs.STATS_CONNS),
                counter.applyAsLong(stats, Ipvs.STATS_INPKTS),
                counter.applyAsLong(stats, Ipvs.STATS_OUTPKTS),
                u64(stats, Ipvs.STATS_INBYTES),
                u64(stats, Ipvs.STATS_OUTBYTES),
                active,
                inactive,
                counter.applyAsLong(stats, Ipvs.STATS_CPS),
                counter.applyAsLong(stats, Ipvs.STATS_INPPS),
                counter.applyAsLong(stats, Ipvs.STATS_OUTPPS),
                counter.applyAsLong(stats, Ipvs.STATS_INBPS),
                counter.applyAsLong(stats, Ipvs.STATS_OUTBPS));
    }

    private static long u64(NetlinkAttributes a, int type) {
        Long v = a.u64(type);
        return v == null ? 0 : v;
    }

    private static long u32(NetlinkAttributes a, int type) {
        Integer v = a.u32(type);
        return v == null ? 0 : v & 0xffffffffL;
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }

    private static Family family(Integer af) {
        if (af == null) {
            return null;
        }
        return af == Ipvs.AF_INET ? Family.INET : af == Ipvs.AF_INET6 ? Family.INET6 : null;
    }

    private static InetAddress address(byte[] raw, Family family) {
        int size = family == Family.INET ? 4 : 16;
        if (raw == null || raw.length < size) {
            return null;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOf(raw, size));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes is always an address", e);
        }
    }
}
