package org.keepalivedj.metrics.internal;

import static org.keepalivedj.metrics.internal.Exposition.Type.COUNTER;
import static org.keepalivedj.metrics.internal.Exposition.Type.GAUGE;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.lvs.AdminState;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

/**
 * Turns the runtime views into metrics. Any of the sources may be absent (a feature not installed,
 * a service restarting): its metrics are then simply left out, and {@code keepalived_up{part=...}}
 * says so.
 */
final class MetricsCollector {

    /** RFC 6527 / RFC 2787 error counters of {@link VrrpInstanceView#counters()}, exported as one labelled family. */
    static final List<String> VRRP_ERRORS = List.of(
            "advertIntervalErrors",
            "ipTtlErrors",
            "invalidTypeReceived",
            "addressListErrors",
            "packetLengthErrors",
            "checksumErrors",
            "versionErrors",
            "authFailures",
            "invalidAuthType",
            "authTypeMismatch");

    /**
     * A number every object of one kind has (an instance's priority, a checker's failures): its family,
     * declared once, and how to read it from each object; a null value leaves the object's sample out.
     */
    private record Metric<T>(String name, Exposition.Type type, String help, Function<T, Number> value) {}

    private static final List<Metric<VrrpInstanceView>> VRRP_INSTANCE = List.of(
            new Metric<>(
                    "keepalived_vrrp_priority",
                    GAUGE,
                    "Effective priority: the one advertised, after tracking",
                    VrrpInstanceView::effectivePriority),
            new Metric<>(
                    "keepalived_vrrp_base_priority",
                    GAUGE,
                    "Priority from the config (or an operator's override)",
                    VrrpInstanceView::basePriority),
            new Metric<>(
                    "keepalived_vrrp_master_priority",
                    GAUGE,
                    "Priority last advertised by the master, -1 if unknown",
                    VrrpInstanceView::masterPriority),
            new Metric<>(
                    "keepalived_vrrp_virtual_addresses",
                    GAUGE,
                    "Virtual addresses configured on the instance",
                    i -> i.virtualAddresses().size()),
            new Metric<>(
                    "keepalived_vrrp_last_transition_timestamp_seconds",
                    GAUGE,
                    "When the state last changed",
                    i -> i.lastTransition() == null ? null : seconds(i.lastTransition())),
            vrrpCounter(
                    "keepalived_vrrp_master_transitions_total",
                    "Transitions to MASTER (RFC 6527 vrrpv3StatisticsMasterTransitions)",
                    "masterTransitions"),
            vrrpCounter(
                    "keepalived_vrrp_advertisements_received_total",
                    "Advertisements received",
                    "advertisementsReceived"),
            vrrpCounter("keepalived_vrrp_advertisements_sent_total", "Advertisements sent", "advertisementsSent"),
            vrrpCounter(
                    "keepalived_vrrp_priority_zero_received_total",
                    "Advertisements received with priority 0",
                    "priorityZeroReceived"),
            vrrpCounter(
                    "keepalived_vrrp_priority_zero_sent_total",
                    "Advertisements sent with priority 0",
                    "priorityZeroSent"));

    private static final List<Metric<BfdSessionView>> BFD_SESSION = List.of(
            new Metric<>(
                    "keepalived_bfd_session_transmit_interval_seconds",
                    GAUGE,
                    "Negotiated transmit interval",
                    s -> s.transmitInterval().toNanos() / 1e9),
            new Metric<>(
                    "keepalived_bfd_session_receive_interval_seconds",
                    GAUGE,
                    "Negotiated receive interval",
                    s -> s.receiveInterval().toNanos() / 1e9),
            new Metric<>(
                    "keepalived_bfd_session_detection_time_seconds",
                    GAUGE,
                    "Detection time (0 before the peer has spoken)",
                    s -> s.detectionTime().toNanos() / 1e9),
            new Metric<>(
                    "keepalived_bfd_session_packets_received_total",
                    COUNTER,
                    "Valid packets the session accepted",
                    BfdSessionView::packetsIn),
            new Metric<>(
                    "keepalived_bfd_session_packets_sent_total",
                    COUNTER,
                    "Packets the session sent",
                    BfdSessionView::packetsOut),
            new Metric<>(
                    "keepalived_bfd_session_packets_dropped_total",
                    COUNTER,
                    "Packets for the session dropped (wrong discriminator, TTL rule)",
                    BfdSessionView::packetsDropped),
            new Metric<>(
                    "keepalived_bfd_session_up_transitions_total",
                    COUNTER,
                    "Times the session came Up",
                    BfdSessionView::upTransitions),
            new Metric<>(
                    "keepalived_bfd_session_down_transitions_total",
                    COUNTER,
                    "Times the session left Up",
                    BfdSessionView::downTransitions),
            new Metric<>(
                    "keepalived_bfd_session_last_state_change_timestamp_seconds",
                    GAUGE,
                    "When the state last changed",
                    s -> s.lastStateChange() == null ? null : seconds(s.lastStateChange())));

    private static final List<Metric<VirtualServerView>> VIRTUAL_SERVER = List.of(
            new Metric<>(
                    "keepalived_virtual_server_quorum_up",
                    GAUGE,
                    "1 while the virtual server's quorum is met",
                    vs -> vs.quorumUp() ? 1 : 0),
            new Metric<>(
                    "keepalived_virtual_server_alive_weight",
                    GAUGE,
                    "Sum of the weights of the real servers that are up",
                    VirtualServerView::aliveWeight),
            new Metric<>(
                    "keepalived_virtual_server_quorum", GAUGE, "Quorum from the config", VirtualServerView::quorum),
            new Metric<>(
                    "keepalived_virtual_server_sorry_server_active",
                    GAUGE,
                    "1 while the sorry server takes the traffic",
                    vs -> vs.sorryServerActive() ? 1 : 0),
            new Metric<>(
                    "keepalived_virtual_server_suspended",
                    GAUGE,
                    "1 while ha_suspend holds the checks",
                    vs -> vs.suspended() ? 1 : 0));

    private static final List<Metric<RealServerView>> REAL_SERVER = List.of(
            new Metric<>(
                    "keepalived_real_server_up",
                    GAUGE,
                    "1 when every checker of the real server says up",
                    rs -> rs.up() ? 1 : 0),
            new Metric<>(
                    "keepalived_real_server_weight",
                    GAUGE,
                    "Weight the real server has when up",
                    RealServerView::weight),
            new Metric<>(
                    "keepalived_real_server_effective_weight",
                    GAUGE,
                    "Weight in the data plane now (0 drained/inhibited, -1 not in it)",
                    RealServerView::effectiveWeight));

    private static final List<Metric<CheckerStatus>> CHECKER = List.of(
            new Metric<>("keepalived_checker_up", GAUGE, "A checker's verdict after retry", c -> c.up() ? 1 : 0),
            new Metric<>(
                    "keepalived_checker_latency_seconds",
                    GAUGE,
                    "Duration of the checker's last attempt",
                    c -> c.lastLatency() == null ? null : c.lastLatency().toNanos() / 1e9),
            new Metric<>(
                    "keepalived_checker_attempts_total",
                    COUNTER,
                    "Checker attempts since it started",
                    CheckerStatus::attempts),
            new Metric<>(
                    "keepalived_checker_failures_total",
                    COUNTER,
                    "Failed checker attempts since it started",
                    CheckerStatus::failures),
            new Metric<>(
                    "keepalived_checker_consecutive_failures",
                    GAUGE,
                    "Failed attempts since the last success",
                    CheckerStatus::consecutiveFailures));

    /** A counter of {@link VrrpInstanceView#counters()}, 0 while the instance has not counted it yet. */
    private static Metric<VrrpInstanceView> vrrpCounter(String name, String help, String counter) {
        return new Metric<>(name, COUNTER, help, i -> i.counters().getOrDefault(counter, 0L));
    }

    private static <T> void declare(Exposition e, List<Metric<T>> metrics) {
        metrics.forEach(m -> e.family(m.name(), m.type(), m.help()));
    }

    private static <T> void sample(Exposition e, List<Metric<T>> metrics, T object, String... labels) {
        for (Metric<T> m : metrics) {
            Number value = m.value().apply(object);
            if (value != null) {
                e.sample(m.name(), value.doubleValue(), labels);
            }
        }
    }

    record Sources(VrrpRuntime vrrp, LvsRuntime lvs, Daemon daemon, ForwardingPlane plane, BfdRuntime bfd) {
        Sources(VrrpRuntime vrrp, LvsRuntime lvs, Daemon daemon, ForwardingPlane plane) {
            this(vrrp, lvs, daemon, plane, null);
        }
    }

    private final boolean includeJvm;

    MetricsCollector(boolean includeJvm) {
        this.includeJvm = includeJvm;
    }

    String collect(Sources s) {
        Exposition e = new Exposition();
        e.family("keepalived_up", GAUGE, "1 when this part of keepalived-j is running and could be read");
        e.sample("keepalived_up", s.vrrp() != null ? 1 : 0, "part", "vrrp");
        e.sample("keepalived_up", s.lvs() != null ? 1 : 0, "part", "lvs");
        e.sample("keepalived_up", s.daemon() != null ? 1 : 0, "part", "daemon");
        e.sample("keepalived_up", s.bfd() != null ? 1 : 0, "part", "bfd");
        if (s.daemon() != null) {
            daemon(e, s.daemon());
        }
        if (s.vrrp() != null) {
            vrrp(e, s.vrrp());
        }
        if (s.lvs() != null) {
            lvs(e, s.lvs(), s.plane());
        }
        if (s.bfd() != null) {
            bfd(e, s.bfd());
        }
        if (includeJvm) {
            jvm(e);
        }
        return e.render();
    }

    private static void daemon(Exposition e, Daemon d) {
        e.family("keepalived_build_info", GAUGE, "Version of keepalived-j (always 1)");
        e.sample("keepalived_build_info", 1, "version", d.version());
        e.single(
                "keepalived_start_time_seconds",
                GAUGE,
                "When the daemon started, seconds since the epoch",
                seconds(d.startedAt()));
        LoadResult load = d.lastLoad();
        if (load == null) {
            return;
        }
        e.single(
                "keepalived_config_last_load_timestamp_seconds",
                GAUGE,
                "When the config was last loaded or reloaded (changes() over it counts reloads)",
                seconds(load.at()));
        e.family("keepalived_config_last_load_success", GAUGE, "1 when the last load or reload was valid and applied");
        e.sample(
                "keepalived_config_last_load_success",
                load.ok() ? 1 : 0,
                "outcome",
                load.outcome().name());
        e.single(
                "keepalived_config_last_load_errors",
                GAUGE,
                "Errors found by the last load or reload",
                load.errors().size());
        e.single(
                "keepalived_config_last_load_warnings",
                GAUGE,
                "Warnings found by the last load or reload",
                load.warnings().size());
    }

    private static void vrrp(Exposition e, VrrpRuntime runtime) {
        e.family(
                "keepalived_vrrp_instance_info",
                GAUGE,
                "A VRRP instance (always 1), with its interface, VRID and version");
        e.family("keepalived_vrrp_state", GAUGE, "1 for the state a VRRP instance is in, 0 for the others");
        declare(e, VRRP_INSTANCE);
        e.family(
                "keepalived_vrrp_errors_total",
                COUNTER,
                "Packets dropped, by RFC 6527/2787 error counter name (checksumErrors, ipTtlErrors, ...)");
        e.single(
                "keepalived_vrrp_timer_lag_max_seconds",
                GAUGE,
                "The latest the VRRP timer thread has run a task after its due time since start",
                runtime.maxTimerLatenessNanos() / 1e9);
        e.single(
                "keepalived_vrrp_timer_pauses_total",
                COUNTER,
                "VRRP timer stalls over 250 ms (JVM or process pauses)",
                runtime.timerPauses());
        for (VrrpInstanceView i : runtime.instances()) {
            String name = i.name();
            e.sample(
                    "keepalived_vrrp_instance_info",
                    1,
                    "instance",
                    name,
                    "interface",
                    nz(i.interfaceName()),
                    "vrid",
                    Integer.toString(i.virtualRouterId()),
                    "version",
                    Integer.toString(i.version()));
            InstanceState now = i.state();
            for (InstanceState st : InstanceState.values()) {
                e.sample("keepalived_vrrp_state", st == now ? 1 : 0, "instance", name, "state", st.name());
            }
            sample(e, VRRP_INSTANCE, i, "instance", name);
            Map<String, Long> c = i.counters();
            for (String error : VRRP_ERRORS) {
                e.sample("keepalived_vrrp_errors_total", c.getOrDefault(error, 0L), "instance", name, "error", error);
            }
        }
    }

    private static void bfd(Exposition e, BfdRuntime runtime) {
        e.family(
                "keepalived_bfd_session_info",
                GAUGE,
                "A BFD session (always 1), with its neighbor and whether it is multihop");
        e.family(
                "keepalived_bfd_session_state",
                GAUGE,
                "1 for the RFC 5880 state a BFD session is in, 0 for the others");
        e.family("keepalived_bfd_session_remote_state", GAUGE, "1 for the state the peer last sent, 0 for the others");
        declare(e, BFD_SESSION);
        e.family(
                "keepalived_bfd_session_last_down_info",
                GAUGE,
                "Why the session last left Up (always 1; RFC 5880 diagnostic, No Diagnostic if it never did)");
        e.single(
                "keepalived_bfd_packets_dropped_unmatched_total",
                COUNTER,
                "BFD packets dropped before reaching a session: malformed, or matching none",
                runtime.packetsDroppedUnmatched());
        for (BfdSessionView s : runtime.sessions()) {
            String name = s.name();
            e.sample(
                    "keepalived_bfd_session_info",
                    1,
                    "session",
                    name,
                    "neighbor",
                    org.keepalivedj.api.model.IpAddresses.format(s.neighbor()),
                    "multihop",
                    Boolean.toString(s.multihop()));
            for (String st : BfdSessionView.STATES) {
                e.sample("keepalived_bfd_session_state", st.equals(s.state()) ? 1 : 0, "session", name, "state", st);
                e.sample(
                        "keepalived_bfd_session_remote_state",
                        st.equals(s.remoteState()) ? 1 : 0,
                        "session",
                        name,
                        "state",
                        st);
            }
            sample(e, BFD_SESSION, s, "session", name);
            e.sample("keepalived_bfd_session_last_down_info", 1, "session", name, "diagnostic", s.lastDownDiagnostic());
        }
    }

    private static void lvs(Exposition e, LvsRuntime runtime, ForwardingPlane plane) {
        e.family("keepalived_lvs_plane_info", GAUGE, "The data plane in use (ipvs, nft or none)");
        e.sample("keepalived_lvs_plane_info", 1, "plane", nz(runtime.planeName()));
        declare(e, VIRTUAL_SERVER);
        declare(e, REAL_SERVER);
        e.family(
                "keepalived_real_server_admin_state",
                GAUGE,
                "1 for the operator's admin state (ENABLED, DRAIN, MAINT), 0 for the others");
        declare(e, CHECKER);
        List<VirtualServerView> servers = runtime.virtualServers();
        for (VirtualServerView vs : servers) {
            String v = vs.key();
            sample(e, VIRTUAL_SERVER, vs, "virtual_server", v);
            for (RealServerView rs : vs.realServers()) {
                String r = rs.key();
                sample(e, REAL_SERVER, rs, "virtual_server", v, "real_server", r);
                for (AdminState a : AdminState.values()) {
                    e.sample(
                            "keepalived_real_server_admin_state",
                            a == rs.adminState() ? 1 : 0,
                            "virtual_server",
                            v,
                            "real_server",
                            r,
                            "state",
                            a.name());
                }
                for (CheckerStatus c : rs.checkers()) {
                    sample(e, CHECKER, c, "virtual_server", v, "real_server", r, "checker", c.kind());
                }
            }
        }
        if (plane != null) {
            dataPlane(e, servers, plane);
        }
    }

    /** Data-plane counters per kernel service and per real server within it. */
    private static void dataPlane(Exposition e, List<VirtualServerView> servers, ForwardingPlane plane) {
        e.family("keepalived_lvs_statistics_up", GAUGE, "1 when the data plane's counters could be read");
        List<ServiceStatistics> stats;
        try {
            stats = plane.statistics();
        } catch (Exception ex) {
            e.sample("keepalived_lvs_statistics_up", 0);
            return;
        }
        e.sample("keepalived_lvs_statistics_up", 1);
        Map<Object, String> owner = new HashMap<>();
        servers.forEach(vs -> vs.services().forEach(k -> owner.put(k, vs.key())));
        String[][] counters = {
            {"connections", "Connections scheduled"},
            {"packets_in", "Packets in"},
            {"packets_out", "Packets out"},
            {"bytes_in", "Bytes in"},
            {"bytes_out", "Bytes out"}
        };
        for (String[] c : counters) {
            e.family("keepalived_lvs_service_" + c[0] + "_total", COUNTER, c[1] + " for a kernel virtual service");
            e.family(
                    "keepalived_lvs_real_server_" + c[0] + "_total",
                    COUNTER,
                    c[1] + " for a real server of a kernel virtual service");
        }
        e.family("keepalived_lvs_real_server_active_connections", GAUGE, "Active connections to a real server");
        e.family("keepalived_lvs_real_server_inactive_connections", GAUGE, "Inactive connections to a real server");
        for (ServiceStatistics s : stats) {
            String vs = owner.get(s.key());
            if (vs == null) {
                continue; // not one of the virtual servers we run now (a reload is under way)
            }
            String service = s.key().toString();
            counters(e, "keepalived_lvs_service_", s.total(), "virtual_server", vs, "service", service);
            s.destinations().forEach((dest, c) -> {
                String[] l = {"virtual_server", vs, "service", service, "real_server", realServerKey(dest)};
                counters(e, "keepalived_lvs_real_server_", c, l);
                e.sample("keepalived_lvs_real_server_active_connections", c.activeConnections(), l);
                e.sample("keepalived_lvs_real_server_inactive_connections", c.inactiveConnections(), l);
            });
        }
    }

    private static void counters(Exposition e, String prefix, ServiceStatistics.Counters c, String... labels) {
        e.sample(prefix + "connections_total", c.connections(), labels);
        e.sample(prefix + "packets_in_total", c.packetsIn(), labels);
        e.sample(prefix + "packets_out_total", c.packetsOut(), labels);
        e.sample(prefix + "bytes_in_total", c.bytesIn(), labels);
        e.sample(prefix + "bytes_out_total", c.bytesOut(), labels);
    }

    /** The data plane names destinations {@code [10.0.0.2]:80}; the config and JMX say {@code 10.0.0.2:80} (IPv4). */
    static String realServerKey(String destination) {
        if (destination.startsWith("[")) {
            int close = destination.indexOf("]:");
            if (close > 0) {
                String address = destination.substring(1, close);
                String port = destination.substring(close + 2);
                return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
            }
        }
        return destination;
    }

    private static void jvm(Exposition e) {
        var memory = ManagementFactory.getMemoryMXBean();
        e.family("jvm_memory_bytes_used", GAUGE, "Used bytes of a JVM memory area");
        e.family("jvm_memory_bytes_max", GAUGE, "Max bytes of a JVM memory area (-1 when unbounded)");
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        e.sample("jvm_memory_bytes_used", heap.getUsed(), "area", "heap");
        e.sample("jvm_memory_bytes_used", nonHeap.getUsed(), "area", "nonheap");
        e.sample("jvm_memory_bytes_max", heap.getMax(), "area", "heap");
        e.sample("jvm_memory_bytes_max", nonHeap.getMax(), "area", "nonheap");
        e.single(
                "jvm_threads_current",
                GAUGE,
                "Live JVM threads",
                ManagementFactory.getThreadMXBean().getThreadCount());
        e.family("jvm_gc_collection_seconds_count", COUNTER, "Collections by garbage collector");
        e.family("jvm_gc_collection_seconds_sum", COUNTER, "Time spent collecting, by garbage collector");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            e.sample("jvm_gc_collection_seconds_count", Math.max(0, gc.getCollectionCount()), "gc", gc.getName());
            e.sample("jvm_gc_collection_seconds_sum", Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName());
        }
        var runtime = ManagementFactory.getRuntimeMXBean();
        e.single(
                "process_start_time_seconds",
                GAUGE,
                "When the JVM started, seconds since the epoch",
                runtime.getStartTime() / 1000.0);
        // Read through JMX: com.sun.management is not guaranteed to be exported to bundles.
        try {
            Object cpu = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new javax.management.ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuTime");
            if (cpu instanceof Number n && n.longValue() >= 0) {
                e.single("process_cpu_seconds_total", COUNTER, "CPU time used by the JVM process", n.longValue() / 1e9);
            }
        } catch (javax.management.JMException | RuntimeException ignored) {
            // not every JVM has it: the metric is then left out
        }
    }

    private static double seconds(Instant t) {
        return t == null ? 0 : t.toEpochMilli() / 1000.0;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
