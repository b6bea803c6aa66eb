package org.keepalivedj.snmp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.vrrp.AdvertError;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;

/**
 * The notifications keepalived sends for a VRRP state change, built as varbind lists (snmpTrapOID.0
 * first): KEEPALIVED-MIB's vrrpInstanceStateChange and vrrpSyncGroupStateChange (their objects
 * named without an index, as keepalived names them), RFC 2787's vrrpTrapNewMaster for a VRRPv2 IPv4
 * instance and RFC 6527's vrrpv3NewMaster for every instance becoming MASTER.
 */
final class Traps {

    static final Oid SNMP_TRAP_OID = Oid.parse("1.3.6.1.6.3.1.1.4.1.0");
    static final Oid INSTANCE_STATE_CHANGE = KeepalivedMib.VRRP.append(10, 0, 2);
    static final Oid SYNC_GROUP_STATE_CHANGE = KeepalivedMib.VRRP.append(10, 0, 1);
    static final Oid NEW_MASTER_2787 = VrrpMibs.RFC2787.append(0, 1);
    static final Oid NEW_MASTER_6527 = VrrpMibs.RFC6527.append(0, 1);
    private static final Oid ROUTER_ID = KeepalivedMib.GLOBAL.append(2, 0);

    /** Something that may be announced: a VRRP transition or a check verdict. */
    sealed interface Event permits Transition, ServerChange, Rejection {}

    /** An advert an instance dropped for an authentication or protocol error. */
    record Rejection(VrrpInstanceView instance, AdvertError error, InetAddress source) implements Event {}

    static final Oid AUTH_FAILURE_2787 = VrrpMibs.RFC2787.append(0, 2);
    static final Oid PROTO_ERROR_6527 = VrrpMibs.RFC6527.append(0, 2);
    private static final Oid PACKET_SRC_2787 = VrrpMibs.RFC2787.append(1, 5);
    private static final Oid AUTH_ERROR_TYPE_2787 = VrrpMibs.RFC2787.append(1, 6);

    /**
     * RFC 2787's vrrpTrapAuthFailure for an authentication error of a VRRPv2 IPv4 instance, RFC
     * 6527's vrrpv3ProtoError for a protocol error of any instance; nothing else.
     */
    List<List<VarBind>> of(Rejection r, SnmpSettings s, KeepalivedConfig config) {
        VrrpInstanceView v = r.instance();
        VrrpInstance model = config.vrrpInstances().get(v.name());
        if (model == null) {
            return List.of();
        }
        int authType = switch (r.error()) {
            case INVALID_AUTH_TYPE -> 1;
            case AUTH_TYPE_MISMATCH -> 2;
            case AUTH_FAILURE -> 3;
            default -> 0;
        };
        if (authType != 0) {
            if (s.rfc2787() && v.version() == 2 && r.source() instanceof Inet4Address src) {
                // both objects indexed by the instance's (ifIndex, VRID), as keepalived 2.2.7 sends them
                Oid idx = Oid.of(in.itf(v.interfaceName()).index(), v.virtualRouterId());
                return List.of(List.of(
                        trap(AUTH_FAILURE_2787),
                        new VarBind(PACKET_SRC_2787.append(idx), Value.ipAddress(src.getAddress())),
                        new VarBind(AUTH_ERROR_TYPE_2787.append(idx), Value.integer(authType))));
            }
            return List.of();
        }
        if (!s.rfc6527()) {
            return List.of();
        }
        int reason = switch (r.error()) {
            case IP_TTL -> 1;
            case VERSION -> 2;
            case CHECKSUM -> 3;
            default -> 0;
        };
        Interfaces.Info itf = in.itf(v.interfaceName());
        Oid idx = Oid.of(itf.index(), v.virtualRouterId(), model.family() == Family.INET6 ? 2 : 1);
        return List.of(List.of(
                trap(PROTO_ERROR_6527),
                new VarBind(VrrpMibs.RFC6527.append(1, 2, 5, 1, 6).append(idx), Value.integer(reason))));
    }

    /** One state change as the VRRP thread reported it. */
    record Transition(VrrpInstanceView instance, InstanceState from, InstanceState to) implements Event {}

    /**
     * A real server that went up or down ({@code realServer} set), or a virtual server's quorum
     * that was met or lost ({@code realServer} null), with the counts at that moment.
     */
    record ServerChange(
            VirtualServerView virtualServer, RealServerView realServer, boolean up, int serversUp, int serversTotal)
            implements Event {}

    static final Oid REAL_SERVER_STATE_CHANGE = CheckMib.CHECK.append(5, 0, 1);
    static final Oid QUORUM_STATE_CHANGE = CheckMib.CHECK.append(5, 0, 2);

    /**
     * realServerStateChange or virtualServerQuorumStateChange in keepalived 2.2.7's order: the real
     * server's address, port and status, the virtual server's type, its identity by its type
     * (address type, address and port, or group name, or fwmark) and protocol, the quorum columns,
     * the counts and the router id, named without an index like the VRRP traps.
     */
    List<VarBind> of(ServerChange c, KeepalivedConfig config) {
        String routerId =
                config.globalDefs().routerId() != null ? config.globalDefs().routerId() : "";
        Map<Oid, Value> vs = new java.util.HashMap<>();
        CheckMib.virtualServerColumns(vs, 0, c.virtualServer());
        List<VarBind> out = new ArrayList<>();
        Oid v = CheckMib.VIRTUAL_SERVER_TABLE;
        if (c.realServer() != null) {
            out.add(trap(REAL_SERVER_STATE_CHANGE));
            Map<Oid, Value> rs = new java.util.HashMap<>();
            CheckMib.realServerColumns(rs, 0, 0, c.realServer());
            Oid r = CheckMib.REAL_SERVER_TABLE;
            for (int col : new int[] {3, 4, 5}) {
                Value value = rs.get(r.append(col, 0, 0));
                if (value != null) {
                    out.add(new VarBind(r.append(col), value));
                }
            }
            out.add(new VarBind(r.append(6), Value.integer(c.up() ? 1 : 2)));
        } else {
            out.add(trap(QUORUM_STATE_CHANGE));
        }
        boolean group = Value.integer(3).equals(vs.get(v.append(2, 0)));
        for (int col : new int[] {2, 3, 4, 5, 6, 7, 8}) {
            Value value = vs.get(v.append(col, 0));
            // a group's address type (ipv4 in the walk) is not in keepalived's notifications
            if (value != null && !(group && col == 5)) {
                out.add(new VarBind(v.append(col), value));
            }
        }
        if (c.realServer() == null) {
            out.add(new VarBind(v.append(23), Value.integer(c.up() ? 1 : 2)));
            out.add(new VarBind(v.append(22), Value.gauge32(c.virtualServer().quorum())));
        }
        out.add(new VarBind(v.append(21), Value.gauge32(c.serversUp())));
        out.add(new VarBind(v.append(20), Value.gauge32(c.serversTotal())));
        out.add(new VarBind(ROUTER_ID, Value.string(routerId)));
        return out;
    }

    private final MibInputs in;

    Traps(MibInputs in) {
        this.in = in;
    }

    /**
     * The notifications for one transition. {@code states} holds every instance's state as the
     * transitions so far left it, {@code groupStates} each sync group's last announced state; both
     * are updated here.
     */
    List<List<VarBind>> of(
            Transition t,
            SnmpSettings s,
            KeepalivedConfig config,
            Map<String, InstanceState> states,
            Map<String, InstanceState> groupStates) {
        List<List<VarBind>> out = new ArrayList<>();
        VrrpInstanceView v = t.instance();
        VrrpInstance model = config.vrrpInstances().get(v.name());
        states.put(v.name(), t.to());
        String routerId =
                config.globalDefs().routerId() != null ? config.globalDefs().routerId() : "";
        // keepalived 2.2.7 sends its own MIB's VRRP notifications with enable_traps whichever MIBs are enabled
        if (model != null) {
            out.add(List.of(
                    trap(INSTANCE_STATE_CHANGE),
                    new VarBind(KeepalivedMib.INSTANCE_TABLE.append(2), Value.string(v.name())),
                    new VarBind(KeepalivedMib.INSTANCE_TABLE.append(4), Value.integer(KeepalivedMib.stateCode(t.to()))),
                    new VarBind(
                            KeepalivedMib.INSTANCE_TABLE.append(5),
                            Value.integer(model.initialState() == org.keepalivedj.api.model.VrrpState.MASTER ? 2 : 1)),
                    new VarBind(ROUTER_ID, Value.string(routerId))));
        }
        if (t.to() == InstanceState.MASTER && model != null) {
            Interfaces.Info itf = in.itf(v.interfaceName());
            boolean v6 = model.family() == Family.INET6;
            InetAddress primary = MibInputs.primary(model, itf);
            byte[] address = primary != null ? primary.getAddress() : new byte[v6 ? 16 : 4];
            if (s.rfc2787() && v.version() == 2 && primary instanceof Inet4Address) {
                out.add(List.of(
                        trap(NEW_MASTER_2787),
                        new VarBind(
                                VrrpMibs.RFC2787.append(1, 3, 1, 7, itf.index(), v.virtualRouterId()),
                                Value.ipAddress(address))));
            }
            if (s.rfc6527()) {
                Oid idx = Oid.of(itf.index(), v.virtualRouterId(), v6 ? 2 : 1);
                out.add(List.of(
                        trap(NEW_MASTER_6527),
                        new VarBind(VrrpMibs.RFC6527.append(1, 1, 1, 1, 3).append(idx), Value.octets(address)),
                        new VarBind(
                                VrrpMibs.RFC6527.append(1, 2, 5, 1, 2).append(idx),
                                Value.integer(VrrpMibs.V3.NEW_MASTER_REASON))));
            }
        }
        config.syncGroups().forEach((name, group) -> {
            if (!group.members().contains(v.name())) {
                return;
            }
            List<InstanceState> members = new ArrayList<>();
            group.members().forEach(m -> members.add(states.getOrDefault(m, InstanceState.INIT)));
            InstanceState now = KeepalivedMib.groupState(members);
            InstanceState before = groupStates.put(name, now);
            if (now != before && now != InstanceState.INIT) {
                out.add(List.of(
                        trap(SYNC_GROUP_STATE_CHANGE),
                        new VarBind(KeepalivedMib.SYNC_GROUP_TABLE.append(2), Value.string(name)),
                        new VarBind(
                                KeepalivedMib.SYNC_GROUP_TABLE.append(3), Value.integer(KeepalivedMib.stateCode(now))),
                        new VarBind(ROUTER_ID, Value.string(routerId))));
            }
        });
        return out;
    }

    private static VarBind trap(Oid id) {
        return new VarBind(SNMP_TRAP_OID, Value.oid(id));
    }
}
