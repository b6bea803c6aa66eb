package org.keepalivedj.snmp.internal;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.TrackFile;
import org.keepalivedj.api.model.TrackRef;
import org.keepalivedj.api.model.Tracking;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.model.VrrpScript;
import org.keepalivedj.api.net.RuleAction;
import org.keepalivedj.api.vrrp.ScriptStatus;

/**
 * KEEPALIVED-MIB's VRRP tracking, route and rule tables: the tracked interfaces, scripts and files of
 * each instance and sync group, the vrrp_scripts and track_files they track with their verdicts and
 * values (from the VRRP runtime),
 * and the static (instance index 0) and virtual routes and rules. Rows are numbered as keepalived
 * 2.2.7 numbers them: by position in the config from 1.
 */
final class VrrpTrackingTables {

    static final Oid TRACKED_INTERFACE_TABLE = KeepalivedMib.VRRP.append(4, 1);
    static final Oid TRACKED_SCRIPT_TABLE = KeepalivedMib.VRRP.append(5, 1);
    static final Oid ROUTE_TABLE = KeepalivedMib.VRRP.append(7, 1);
    static final Oid RULE_TABLE = KeepalivedMib.VRRP.append(8, 1);
    static final Oid SCRIPT_TABLE = KeepalivedMib.VRRP.append(9, 1);
    static final Oid SYNC_TRACKED_INTERFACE_TABLE = KeepalivedMib.VRRP.append(14, 1);
    static final Oid SYNC_TRACKED_SCRIPT_TABLE = KeepalivedMib.VRRP.append(15, 1);
    static final Oid TRACKED_FILE_TABLE = KeepalivedMib.VRRP.append(12, 1);
    static final Oid FILE_TABLE = KeepalivedMib.VRRP.append(13, 1);
    static final Oid SYNC_TRACKED_FILE_TABLE = KeepalivedMib.VRRP.append(16, 1);

    /** keepalived's route protocol when the line gives none (RTPROT_KEEPALIVED). */
    private static final int RTPROT_KEEPALIVED = 18;

    private VrrpTrackingTables() {}

    /**
     * What an instance tracks, as keepalived lists it: its own track_interface and track_script
     * lines; a sync group member's weights are 0 unless the group has sync_group_tracking_weight
     * (keepalived ignores them, and so does the engine).
     */
    static void instance(Map<Oid, Value> m, int i, VrrpInstance model, SyncGroup group, KeepalivedConfig config) {
        Tracking t = model.tracking() != null ? model.tracking() : Tracking.NONE;
        boolean weightless = group != null && !group.trackingWeight();
        tracked(m, TRACKED_INTERFACE_TABLE, TRACKED_SCRIPT_TABLE, i, t, config, weightless);
        trackedFiles(m, TRACKED_FILE_TABLE, i, t, config);
    }

    static void syncGroup(Map<Oid, Value> m, int g, SyncGroup group, KeepalivedConfig config) {
        Tracking t = group.tracking() != null ? group.tracking() : Tracking.NONE;
        tracked(m, SYNC_TRACKED_INTERFACE_TABLE, SYNC_TRACKED_SCRIPT_TABLE, g, t, config, false);
        trackedFiles(m, SYNC_TRACKED_FILE_TABLE, g, t, config);
    }

    /**
     * track_file lines. keepalived 2.2.7 answers the track_file block's own weight and reverse here,
     * not the line's (the priority uses the line's): answered the same.
     */
    private static void trackedFiles(Map<Oid, Value> m, Oid table, int owner, Tracking t, KeepalivedConfig config) {
        int k = 0;
        for (TrackRef ref : t.files()) {
            TrackFile f = config.trackFiles().get(ref.name());
            if (f == null) {
                continue;
            }
            k++;
            m.put(table.append(2, owner, k), Value.string(f.name()));
            m.put(table.append(3, owner, k), Value.integer(f.weight()));
            m.put(table.append(4, owner, k), Value.integer(f.reverse() ? 1 : 2));
        }
    }

    /** vrrpFileTable: the track_files something tracks, in config order, with the value last read. */
    static void files(Map<Oid, Value> m, KeepalivedConfig config, Map<String, Long> values) {
        java.util.Set<String> used = new java.util.HashSet<>();
        config.vrrpInstances().values().forEach(i -> used.addAll(fileNames(i.tracking())));
        config.syncGroups().values().forEach(g -> used.addAll(fileNames(g.tracking())));
        int k = 0;
        for (TrackFile f : config.trackFiles().values()) {
            if (!used.contains(f.name())) {
                continue;
            }
            k++;
            Oid t = FILE_TABLE;
            m.put(t.append(2, k), Value.string(f.name()));
            m.put(t.append(3, k), Value.string(f.file().toString()));
            m.put(t.append(4, k), Value.integer(values.getOrDefault(f.name(), 0L)));
            m.put(t.append(5, k), Value.integer(f.weight()));
            m.put(t.append(6, k), Value.integer(f.reverse() ? 1 : 2));
        }
    }

    private static List<String> fileNames(Tracking t) {
        return t == null ? List.of() : t.files().stream().map(TrackRef::name).toList();
    }

    private static void tracked(
            Map<Oid, Value> m,
            Oid interfaces,
            Oid scripts,
            int owner,
            Tracking t,
            KeepalivedConfig config,
            boolean weightless) {
        int k = 0;
        for (TrackRef ref : t.interfaces()) {
            k++;
            m.put(interfaces.append(1, owner, k), Value.string(ref.name()));
            m.put(interfaces.append(2, owner, k), Value.integer(weightless || ref.weight() == null ? 0 : ref.weight()));
            m.put(interfaces.append(3, owner, k), Value.integer(ref.reverse() ? 1 : 2));
        }
        k = 0;
        for (TrackRef ref : t.scripts()) {
            VrrpScript s = config.vrrpScripts().get(ref.name());
            if (s == null || s.script() == null) {
                continue;
            }
            k++;
            int weight = weightless ? 0 : ref.weight() != null ? ref.weight() : s.weight();
            m.put(scripts.append(2, owner, k), Value.string(ref.name()));
            m.put(scripts.append(3, owner, k), Value.integer(weight));
            m.put(scripts.append(4, owner, k), Value.integer(ref.reverse() ? 1 : 2));
        }
    }

    /** vrrpScriptTable: the vrrp_scripts some instance or sync group tracks, in config order. */
    static void scripts(Map<Oid, Value> m, KeepalivedConfig config, Map<String, ScriptStatus> statuses) {
        java.util.Set<String> used = new java.util.HashSet<>();
        config.vrrpInstances().values().forEach(i -> used.addAll(names(i.tracking())));
        config.syncGroups().values().forEach(g -> used.addAll(names(g.tracking())));
        int k = 0;
        for (VrrpScript s : config.vrrpScripts().values()) {
            if (!used.contains(s.name()) || s.script() == null) {
                continue;
            }
            k++;
            Oid t = SCRIPT_TABLE;
            m.put(t.append(2, k), Value.string(s.name()));
            m.put(t.append(3, k), Value.string(quoted(s.script())));
            m.put(
                    t.append(4, k),
                    Value.integer(s.interval() == null ? 1 : s.interval().toSeconds()));
            m.put(t.append(5, k), Value.integer(s.weight()));
            m.put(t.append(6, k), Value.integer(result(statuses.get(s.name()), s)));
            m.put(t.append(7, k), Value.gauge32(Math.max(1, s.rise())));
            m.put(t.append(8, k), Value.gauge32(Math.max(1, s.fall())));
            m.put(t.append(9, k), Value.integer(s.reverse() ? 1 : 2));
        }
    }

    private static List<String> names(Tracking t) {
        return t == null ? List.of() : t.scripts().stream().map(TrackRef::name).toList();
    }

    /** The command as keepalived shows it: each word in single quotes. */
    static String quoted(String command) {
        List<String> words = new ArrayList<>();
        for (String w : command.strip().split("\\s+")) {
            words.add("'" + w + "'");
        }
        return String.join(" ", words);
    }

    /** vrrpScriptResult: init(1), bad(2), good(3), initfailed(5). */
    private static int result(ScriptStatus status, VrrpScript s) {
        if (status == null) {
            return s.initFail() ? 5 : 1;
        }
        return switch (status) {
            case INIT -> 1;
            case INIT_FAILED -> 5;
            case GOOD -> 3;
            case BAD -> 2;
        };
    }

    /** vrrpRouteTable: one row per route; {@code set} says whether it is in the kernel. */
    static void route(Map<Oid, Value> m, int owner, int k, IpRoute r, boolean set, Interfaces.Info itf) {
        Oid t = ROUTE_TABLE;
        m.put(t.append(2, owner, k), Value.integer(family(r.destination())));
        m.put(t.append(3, owner, k), Value.octets(r.destination().address().getAddress()));
        m.put(t.append(4, owner, k), Value.gauge32(r.destination().length()));
        if (r.via() != null) {
            m.put(t.append(5, owner, k), Value.octets(r.via().getAddress()));
        }
        if (r.source() != null) {
            m.put(t.append(7, owner, k), Value.octets(r.source().getAddress()));
        }
        m.put(t.append(8, owner, k), Value.gauge32(r.metric() == null ? 0 : r.metric()));
        m.put(t.append(9, owner, k), Value.integer(r.scope() == null ? 14 : KeepalivedMib.scope(r.scope())));
        int type = routeType(r.type());
        if (type > 0) {
            m.put(t.append(10, owner, k), Value.integer(type));
        }
        if (r.device() != null) {
            m.put(t.append(11, owner, k), Value.integer(itf.index()));
            m.put(t.append(12, owner, k), Value.string(r.device()));
        }
        m.put(t.append(13, owner, k), Value.gauge32(r.table()));
        m.put(t.append(14, owner, k), Value.integer(set ? 1 : 2));
        if (r.from() != null) {
            m.put(t.append(15, owner, k), Value.octets(r.from().address().getAddress()));
            m.put(t.append(16, owner, k), Value.gauge32(r.from().length()));
        }
        if (r.tos() != 0) {
            m.put(t.append(17, owner, k), Value.gauge32(r.tos()));
        }
        // the MIB's protocol numbers are the kernel's plus one (unspec(1) is RTPROT_UNSPEC 0)
        m.put(t.append(18, owner, k), Value.integer((r.protocol() == null ? RTPROT_KEEPALIVED : r.protocol()) + 1));
        m.put(t.append(19, owner, k), Value.integer(2));
        m.put(t.append(20, owner, k), Value.integer(2));
    }

    /** The MIB's RouteType (it has no local type). */
    private static int routeType(org.keepalivedj.api.net.RouteType type) {
        return switch (type) {
            case UNICAST -> 1;
            case BLACKHOLE -> 3;
            case ANYCAST -> 4;
            case MULTICAST -> 5;
            case BROADCAST -> 6;
            case UNREACHABLE -> 7;
            case PROHIBIT -> 8;
            case THROW -> 9;
            case NAT -> 10;
            case LOCAL -> 0;
        };
    }

    /** vrrpRuleTable: one row per rule; {@code set} says whether it is in the kernel. */
    static void rule(Map<Oid, Value> m, int owner, int k, IpRule r, boolean set) {
        Oid t = RULE_TABLE;
        IpPrefix main = r.from() != null ? r.from() : r.to();
        if (main != null) {
            m.put(
                    t.append(2, owner, k),
                    Value.string(r.from() != null && r.to() != null ? "both" : r.from() != null ? "from" : "to"));
            m.put(t.append(3, owner, k), Value.integer(family(main)));
            m.put(t.append(4, owner, k), Value.octets(main.address().getAddress()));
            m.put(t.append(5, owner, k), Value.gauge32(main.length()));
        }
        if (r.action() == RuleAction.TABLE) {
            m.put(t.append(6, owner, k), Value.gauge32(r.table()));
        }
        m.put(t.append(7, owner, k), Value.integer(set ? 1 : 2));
        m.put(t.append(8, owner, k), Value.integer(r.invert() ? 1 : 2));
        if (r.to() != null) {
            m.put(t.append(9, owner, k), Value.integer(family(r.to())));
            m.put(t.append(10, owner, k), Value.octets(r.to().address().getAddress()));
            m.put(t.append(11, owner, k), Value.gauge32(r.to().length()));
        }
        if (r.from() != null) {
            m.put(t.append(12, owner, k), Value.integer(family(r.from())));
            m.put(t.append(13, owner, k), Value.octets(r.from().address().getAddress()));
            m.put(t.append(14, owner, k), Value.gauge32(r.from().length()));
        }
        m.put(t.append(15, owner, k), Value.gauge32(r.tos()));
        if (r.fwmark() != null) {
            m.put(t.append(16, owner, k), Value.gauge32(r.fwmark()));
            m.put(t.append(17, owner, k), Value.gauge32(r.fwmask() == null ? 0xffffffffL : r.fwmask()));
        }
        if (r.inInterface() != null) {
            m.put(t.append(20, owner, k), Value.string(r.inInterface()));
        }
        if (r.outInterface() != null) {
            m.put(t.append(21, owner, k), Value.string(r.outInterface()));
        }
        if (r.gotoPriority() != null) {
            m.put(t.append(22, owner, k), Value.gauge32(r.gotoPriority()));
        }
        m.put(t.append(23, owner, k), Value.integer(ruleAction(r.action())));
        if (r.action() == RuleAction.TABLE) {
            m.put(t.append(24, owner, k), Value.gauge32(r.table()));
        }
        if (r.priority() != null) {
            m.put(t.append(25, owner, k), Value.gauge32(r.priority()));
        }
    }

    private static int ruleAction(RuleAction a) {
        return switch (a) {
            case TABLE -> 1;
            case GOTO -> 2;
            case NOP -> 3;
            case BLACKHOLE -> 6;
            case UNREACHABLE -> 7;
            case PROHIBIT -> 8;
        };
    }

    private static int family(IpPrefix p) {
        return p.address() instanceof Inet4Address ? 1 : 2;
    }
}
