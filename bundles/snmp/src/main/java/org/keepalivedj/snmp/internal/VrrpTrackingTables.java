package org.keepalivedj.snmp.internal;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.TrackFile;
import org.keepalivedj.api.model.TrackProcess;
import org.keepalivedj.api.model.TrackRef;
import org.keepalivedj.api.model.Tracking;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.model.VrrpScript;
import org.keepalivedj.api.net.RouteMetric;
import org.keepalivedj.api.net.RuleAction;
import org.keepalivedj.api.vrrp.ProcessStatus;
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
    static final Oid TRACKED_BFD_TABLE = KeepalivedMib.VRRP.append(17, 1);
    static final Oid BFD_TABLE = KeepalivedMib.VRRP.append(18, 1);
    static final Oid SYNC_TRACKED_BFD_TABLE = KeepalivedMib.VRRP.append(19, 1);
    static final Oid TRACKED_PROCESS_TABLE = KeepalivedMib.VRRP.append(20, 1);
    static final Oid PROCESS_TABLE = KeepalivedMib.VRRP.append(21, 1);
    static final Oid SYNC_TRACKED_PROCESS_TABLE = KeepalivedMib.VRRP.append(22, 1);

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
        trackedBfds(m, TRACKED_BFD_TABLE, i, t, config);
        trackedProcesses(m, TRACKED_PROCESS_TABLE, i, t, config);
    }

    static void syncGroup(Map<Oid, Value> m, int g, SyncGroup group, KeepalivedConfig config) {
        Tracking t = group.tracking() != null ? group.tracking() : Tracking.NONE;
        tracked(m, SYNC_TRACKED_INTERFACE_TABLE, SYNC_TRACKED_SCRIPT_TABLE, g, t, config, false);
        trackedFiles(m, SYNC_TRACKED_FILE_TABLE, g, t, config);
        trackedBfds(m, SYNC_TRACKED_BFD_TABLE, g, t, config);
        trackedProcesses(m, SYNC_TRACKED_PROCESS_TABLE, g, t, config);
    }

    /**
     * track_bfd lines. As for track_file, keepalived 2.2.7 answers the bfd_instance block's own
     * weight and reverse here, not the line's: answered the same.
     */
    private static void trackedBfds(Map<Oid, Value> m, Oid table, int owner, Tracking t, KeepalivedConfig config) {
        int k = 0;
        for (TrackRef ref : t.bfds()) {
            BfdInstance b = config.bfdInstances().get(ref.name());
            if (b == null) {
                continue;
            }
            k++;
            m.put(table.append(2, owner, k), Value.string(b.name()));
            m.put(table.append(3, owner, k), Value.integer(b.weight()));
            m.put(table.append(4, owner, k), Value.integer(b.reverse() ? 1 : 2));
        }
    }

    /** track_process lines, with the vrrp_track_process block's weight and reverse (as keepalived 2.2.7). */
    private static void trackedProcesses(Map<Oid, Value> m, Oid table, int owner, Tracking t, KeepalivedConfig config) {
        int k = 0;
        for (TrackRef ref : t.processes()) {
            TrackProcess p = config.trackProcesses().get(ref.name());
            if (p == null) {
                continue;
            }
            k++;
            m.put(table.append(2, owner, k), Value.string(p.name()));
            m.put(table.append(3, owner, k), Value.integer(p.weight()));
            m.put(table.append(4, owner, k), Value.integer(p.reverse() ? 1 : 2));
        }
    }

    /**
     * vrrpBfdTable: the bfd_instances VRRP follows (not those marked {@code checker} only), in config
     * order, with the session's state from the BFD runtime: 1 while Up, else 0.
     */
    static void bfds(Map<Oid, Value> m, KeepalivedConfig config, List<BfdSessionView> sessions) {
        Map<String, String> states = new java.util.HashMap<>();
        sessions.forEach(s -> states.put(s.name(), s.state()));
        int k = 0;
        for (BfdInstance b : config.bfdInstances().values()) {
            if (!b.feedsVrrp()) {
                continue;
            }
            k++;
            Oid t = BFD_TABLE;
            m.put(t.append(2, k), Value.string(b.name()));
            m.put(t.append(3, k), Value.integer("Up".equals(states.get(b.name())) ? 1 : 0));
            m.put(t.append(4, k), Value.integer(b.weight()));
            m.put(t.append(5, k), Value.integer(b.reverse() ? 1 : 2));
        }
    }

    /**
     * vrrpProcessTable: every vrrp_track_process in config order, with the count and verdict the VRRP
     * engine last saw (0 and false for one nothing tracks: it is not polled).
     */
    static void processes(Map<Oid, Value> m, KeepalivedConfig config, Map<String, ProcessStatus> statuses) {
        java.util.Set<String> tracked = new java.util.HashSet<>();
        config.vrrpInstances().values().forEach(i -> tracked.addAll(processNames(i.tracking())));
        config.syncGroups().values().forEach(g -> tracked.addAll(processNames(g.tracking())));
        int k = 0;
        for (TrackProcess p : config.trackProcesses().values()) {
            k++;
            Oid t = PROCESS_TABLE;
            ProcessStatus status = statuses.getOrDefault(p.name(), new ProcessStatus(0, false));
            m.put(t.append(2, k), Value.string(p.name()));
            m.put(t.append(3, k), Value.string(p.process() == null ? "" : p.process()));
            m.put(t.append(4, k), Value.string(String.join(" ", p.parameters())));
            m.put(t.append(5, k), Value.integer(paramMatch(p)));
            m.put(t.append(6, k), Value.integer(p.weight()));
            m.put(t.append(7, k), Value.integer(p.reverse() ? 1 : 2));
            m.put(t.append(8, k), Value.gauge32(p.quorum()));
            m.put(t.append(9, k), Value.integer(p.quorumMax() == 0 ? -1 : p.quorumMax()));
            m.put(t.append(10, k), Value.gauge32(micros(p.forkDelay(), p)));
            m.put(t.append(11, k), Value.gauge32(micros(p.terminateDelay(), p)));
            // keepalived 2.2.7 answers true(1) for every tracked process, full_command or not
            m.put(t.append(12, k), Value.integer(tracked.contains(p.name()) || p.fullCommand() ? 1 : 2));
            m.put(t.append(13, k), Value.integer(status.running()));
            m.put(t.append(14, k), Value.integer(status.up() ? 1 : 2));
        }
    }

    private static List<String> processNames(Tracking t) {
        return t == null
                ? List.of()
                : t.processes().stream().map(TrackRef::name).toList();
    }

    /**
     * vrrpProcessParamMatch as keepalived 2.2.7 answers it: none(0) without parameters or
     * param_match, exact(1) for parameters alone, and 2 for {@code initial}, 3 for {@code partial}
     * (the MIB names them the other way round).
     */
    private static int paramMatch(TrackProcess p) {
        if (p.paramMatch() == null) {
            return p.parameters().isEmpty() ? 0 : 1;
        }
        return p.paramMatch().equals("initial") ? 2 : 3;
    }

    /** fork_delay / terminate_delay in microseconds; delay sets both. */
    private static long micros(java.time.Duration specific, TrackProcess p) {
        java.time.Duration d = specific != null && !specific.isZero() ? specific : p.delay();
        return d == null ? 0 : d.toNanos() / 1000;
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
        m.put(t.append(19, owner, k), Value.integer(2)); // ECN: route features are not programmed
        Long quickAck = r.metrics().get(RouteMetric.QUICKACK);
        m.put(t.append(20, owner, k), Value.integer(quickAck != null && quickAck != 0 ? 1 : 2));
        metric(m, t, owner, k, r, RouteMetric.MTU, 22, 23);
        metric(m, t, owner, k, r, RouteMetric.HOPLIMIT, 24, 0);
        metric(m, t, owner, k, r, RouteMetric.ADVMSS, 25, 26);
        metric(m, t, owner, k, r, RouteMetric.REORDERING, 31, 32);
        metric(m, t, owner, k, r, RouteMetric.WINDOW, 33, 0);
        metric(m, t, owner, k, r, RouteMetric.CWND, 34, 35);
        metric(m, t, owner, k, r, RouteMetric.SSTHRESH, 36, 37);
        metric(m, t, owner, k, r, RouteMetric.INITCWND, 40, 0);
        metric(m, t, owner, k, r, RouteMetric.INITRWND, 41, 0);
        if (r.realms() != null) {
            realms(m, t.append(44, owner, k), t.append(45, owner, k), r.realms());
        }
        Long fastOpen = r.metrics().get(RouteMetric.FASTOPEN_NO_COOKIE);
        if (fastOpen != null) {
            m.put(t.append(55, owner, k), Value.integer(fastOpen != 0 ? 1 : 2));
        }
    }

    /** A route metric's column, and its lock column (0: the MIB has none), when the route sets it. */
    private static void metric(
            Map<Oid, Value> m, Oid t, int owner, int k, IpRoute r, RouteMetric metric, int column, int lockColumn) {
        Long v = r.metrics().get(metric);
        if (v == null) {
            return;
        }
        m.put(t.append(column, owner, k), Value.gauge32(v));
        if (lockColumn > 0) {
            m.put(t.append(lockColumn, owner, k), Value.integer(r.locked().contains(metric) ? 1 : 2));
        }
    }

    /** RTA_FLOW / FRA_FLOW: the destination realm (low 16 bits), and the source realm when set. */
    private static void realms(Map<Oid, Value> m, Oid destination, Oid source, int flow) {
        m.put(destination, Value.gauge32(flow & 0xffff));
        if ((flow >>> 16) != 0) {
            m.put(source, Value.gauge32(flow >>> 16));
        }
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
        // the address columns describe "to" when the rule has both (as keepalived 2.2.7 answers)
        IpPrefix main = r.to() != null ? r.to() : r.from();
        if (main != null) {
            m.put(
                    t.append(2, owner, k),
                    Value.string(r.from() != null && r.to() != null ? "both" : r.from() != null ? "from" : "to"));
            m.put(t.append(3, owner, k), Value.integer(family(main)));
            m.put(t.append(4, owner, k), Value.octets(main.address().getAddress()));
            m.put(t.append(5, owner, k), Value.gauge32(main.length()));
        }
        // an l3mdev rule's table comes from the device: 0 here, as keepalived 2.2.7 answers
        long table = r.l3mdev() ? 0 : r.table();
        if (r.action() == RuleAction.TABLE) {
            m.put(t.append(6, owner, k), Value.gauge32(table));
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
        if (r.realms() != null) {
            realms(m, t.append(18, owner, k), t.append(19, owner, k), r.realms());
        }
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
            m.put(t.append(24, owner, k), Value.gauge32(table));
        }
        if (r.priority() != null) {
            m.put(t.append(25, owner, k), Value.gauge32(r.priority()));
        }
        if (r.suppressPrefixLength() != null) {
            m.put(t.append(26, owner, k), Value.gauge32(r.suppressPrefixLength()));
        }
        if (r.suppressIfgroup() != null) {
            m.put(t.append(27, owner, k), Value.string(Integer.toUnsignedString(r.suppressIfgroup())));
        }
        if (r.uidRange() != null) {
            m.put(t.append(30, owner, k), Value.gauge32(r.uidRange().first()));
            m.put(t.append(31, owner, k), Value.gauge32(r.uidRange().last()));
        }
        if (r.l3mdev()) {
            m.put(t.append(32, owner, k), Value.integer(1));
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
