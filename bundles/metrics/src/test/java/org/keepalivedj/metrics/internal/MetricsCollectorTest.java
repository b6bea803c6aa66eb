package org.keepalivedj.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.lvs.AdminState;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.testsupport.views.Views;

class MetricsCollectorTest {

    private final MetricsCollector collector = new MetricsCollector(true);

    @Test
    void vrrpValuesFollowTheViews() {
        Views.Instance vi = new Views.Instance("VI_1");
        vi.state = InstanceState.MASTER;
        vi.effective = 90;
        vi.base = 100;
        vi.counters.putAll(Map.of(
                "masterTransitions",
                3L,
                "advertisementsSent",
                1234L,
                "advertisementsReceived",
                17L,
                "checksumErrors",
                5L,
                "ipTtlErrors",
                1L));
        vi.vips.add("192.0.2.100/24 dev eth0");
        String text = collector.collect(new MetricsCollector.Sources(new Views.Vrrp(List.of(vi)), null, null, null));
        var p = StrictExpositionParser.parse(text);

        assertEquals(1, p.value("keepalived_vrrp_state", "instance", "VI_1", "state", "MASTER"));
        assertEquals(0, p.value("keepalived_vrrp_state", "instance", "VI_1", "state", "BACKUP"));
        assertEquals(90, p.value("keepalived_vrrp_priority", "instance", "VI_1"));
        assertEquals(100, p.value("keepalived_vrrp_base_priority", "instance", "VI_1"));
        assertEquals(3, p.value("keepalived_vrrp_master_transitions_total", "instance", "VI_1"));
        assertEquals(1234, p.value("keepalived_vrrp_advertisements_sent_total", "instance", "VI_1"));
        assertEquals(17, p.value("keepalived_vrrp_advertisements_received_total", "instance", "VI_1"));
        assertEquals(5, p.value("keepalived_vrrp_errors_total", "instance", "VI_1", "error", "checksumErrors"));
        assertEquals(1, p.value("keepalived_vrrp_errors_total", "instance", "VI_1", "error", "ipTtlErrors"));
        assertEquals(0, p.value("keepalived_vrrp_errors_total", "instance", "VI_1", "error", "versionErrors"));
        assertEquals(1_700_000_000.5, p.value("keepalived_vrrp_last_transition_timestamp_seconds", "instance", "VI_1"));
        assertEquals(1, p.value("keepalived_vrrp_virtual_addresses", "instance", "VI_1"));
        assertEquals(1, p.value("keepalived_up", "part", "vrrp"));
        assertEquals(0, p.value("keepalived_up", "part", "lvs"));
        assertEquals("counter", p.types.get("keepalived_vrrp_errors_total"));
    }

    @Test
    void bfdSessionsFollowTheViews() {
        Views.Bfd bfd = new Views.Bfd(List.of(Views.bfdSession("bfd1", "Up"), Views.bfdSession("bfd2", "Init")));
        bfd.droppedUnmatched = 4;
        var p = StrictExpositionParser.parse(
                collector.collect(new MetricsCollector.Sources(null, null, null, null, bfd)));
        assertEquals(1, p.value("keepalived_up", "part", "bfd"));
        assertEquals(
                1,
                p.value(
                        "keepalived_bfd_session_info",
                        "session",
                        "bfd1",
                        "neighbor",
                        "192.0.2.2",
                        "multihop",
                        "false"));
        assertEquals(1, p.value("keepalived_bfd_session_state", "session", "bfd1", "state", "Up"));
        assertEquals(0, p.value("keepalived_bfd_session_state", "session", "bfd1", "state", "Down"));
        assertEquals(1, p.value("keepalived_bfd_session_state", "session", "bfd2", "state", "Init"));
        assertEquals(0, p.value("keepalived_bfd_session_state", "session", "bfd2", "state", "AdminDown"));
        assertEquals(1, p.value("keepalived_bfd_session_remote_state", "session", "bfd1", "state", "Up"));
        assertEquals(0.05, p.value("keepalived_bfd_session_transmit_interval_seconds", "session", "bfd1"), 1e-12);
        assertEquals(0.05, p.value("keepalived_bfd_session_receive_interval_seconds", "session", "bfd1"), 1e-12);
        assertEquals(0.15, p.value("keepalived_bfd_session_detection_time_seconds", "session", "bfd1"), 1e-12);
        assertEquals(120, p.value("keepalived_bfd_session_packets_received_total", "session", "bfd1"));
        assertEquals(130, p.value("keepalived_bfd_session_packets_sent_total", "session", "bfd1"));
        assertEquals(2, p.value("keepalived_bfd_session_packets_dropped_total", "session", "bfd1"));
        assertEquals(3, p.value("keepalived_bfd_session_up_transitions_total", "session", "bfd1"));
        assertEquals(2, p.value("keepalived_bfd_session_down_transitions_total", "session", "bfd1"));
        assertEquals(
                1,
                p.value(
                        "keepalived_bfd_session_last_down_info",
                        "session",
                        "bfd1",
                        "diagnostic",
                        "Control Detection Time Expired"));
        assertEquals(
                1_796_547_600,
                p.value("keepalived_bfd_session_last_state_change_timestamp_seconds", "session", "bfd1"));
        assertEquals(4, p.value("keepalived_bfd_packets_dropped_unmatched_total"));
        assertEquals("counter", p.types.get("keepalived_bfd_session_packets_received_total"));

        var without =
                StrictExpositionParser.parse(collector.collect(new MetricsCollector.Sources(null, null, null, null)));
        assertEquals(0, without.value("keepalived_up", "part", "bfd"));
        assertFalse(without.has("keepalived_bfd_session_state"));
    }

    @Test
    void realServersCheckersAndDataPlaneCountersFollowTheViews() throws Exception {
        Views.Virtual vs = new Views.Virtual("192.0.2.1", 80);
        Views.Real up = new Views.Real(vs.key, "10.0.0.2:80");
        up.weight = 7;
        up.effective = 7;
        up.checkers.add(
                new CheckerStatus("TCP_CHECK", true, true, "ok", Duration.ofMillis(12), Instant.now(), 0, 40, 2));
        Views.Real down = new Views.Real(vs.key, "10.0.0.3:80");
        down.up = false;
        down.effective = 0;
        down.admin = AdminState.DRAIN;
        down.checkers.add(new CheckerStatus(
                "HTTP_GET", true, false, "connection refused", Duration.ofMillis(3), Instant.now(), 4, 40, 9));
        vs.reals.add(up);
        vs.reals.add(down);
        var stats = new ServiceStatistics(
                vs.services.get(0),
                Views.counters(100, 1000, 900, 64000, 128000),
                Map.of(
                        "[10.0.0.2]:80",
                        Views.counters(60, 600, 500, 40000, 80000),
                        "[10.0.0.3]:80",
                        Views.counters(40, 400, 400, 24000, 48000)));

        String text = collector.collect(
                new MetricsCollector.Sources(null, new Views.Lvs(List.of(vs)), null, new Views.Plane(List.of(stats))));
        var p = StrictExpositionParser.parse(text);

        String v = "192.0.2.1:80/tcp";
        assertEquals(1, p.value("keepalived_real_server_up", "virtual_server", v, "real_server", "10.0.0.2:80"));
        assertEquals(0, p.value("keepalived_real_server_up", "virtual_server", v, "real_server", "10.0.0.3:80"));
        assertEquals(7, p.value("keepalived_real_server_weight", "virtual_server", v, "real_server", "10.0.0.2:80"));
        assertEquals(
                0,
                p.value("keepalived_real_server_effective_weight", "virtual_server", v, "real_server", "10.0.0.3:80"));
        assertEquals(
                1,
                p.value(
                        "keepalived_real_server_admin_state",
                        "virtual_server",
                        v,
                        "real_server",
                        "10.0.0.3:80",
                        "state",
                        "DRAIN"));
        assertEquals(
                0,
                p.value(
                        "keepalived_real_server_admin_state",
                        "virtual_server",
                        v,
                        "real_server",
                        "10.0.0.3:80",
                        "state",
                        "ENABLED"));
        assertEquals(7, p.value("keepalived_virtual_server_alive_weight", "virtual_server", v));
        assertEquals(
                0.012,
                p.value(
                        "keepalived_checker_latency_seconds",
                        "virtual_server",
                        v,
                        "real_server",
                        "10.0.0.2:80",
                        "checker",
                        "TCP_CHECK"),
                1e-9);
        assertEquals(
                9,
                p.value(
                        "keepalived_checker_failures_total",
                        "virtual_server",
                        v,
                        "real_server",
                        "10.0.0.3:80",
                        "checker",
                        "HTTP_GET"));
        assertEquals(
                40,
                p.value(
                        "keepalived_checker_attempts_total",
                        "virtual_server",
                        v,
                        "real_server",
                        "10.0.0.3:80",
                        "checker",
                        "HTTP_GET"));
        assertEquals(
                0,
                p.value(
                        "keepalived_checker_up",
                        "virtual_server",
                        v,
                        "real_server",
                        "10.0.0.3:80",
                        "checker",
                        "HTTP_GET"));

        String service = "[192.0.2.1]:tcp:80";
        assertEquals(100, p.value("keepalived_lvs_service_connections_total", "virtual_server", v, "service", service));
        assertEquals(
                128000, p.value("keepalived_lvs_service_bytes_out_total", "virtual_server", v, "service", service));
        assertEquals(
                60,
                p.value(
                        "keepalived_lvs_real_server_connections_total",
                        "virtual_server",
                        v,
                        "service",
                        service,
                        "real_server",
                        "10.0.0.2:80"));
        assertEquals(
                400,
                p.value(
                        "keepalived_lvs_real_server_packets_out_total",
                        "virtual_server",
                        v,
                        "service",
                        service,
                        "real_server",
                        "10.0.0.3:80"));
        assertEquals(
                2,
                p.value(
                        "keepalived_lvs_real_server_active_connections",
                        "virtual_server",
                        v,
                        "service",
                        service,
                        "real_server",
                        "10.0.0.3:80"));
        assertEquals(1, p.value("keepalived_lvs_statistics_up"));
        assertEquals(1, p.value("keepalived_lvs_plane_info", "plane", "nft"));
    }

    @Test
    void aFailingDataPlaneIsReportedNotThrown() throws Exception {
        Views.Virtual vs = new Views.Virtual("192.0.2.1", 80);
        var broken = new Views.Plane(null) {
            @Override
            public List<ServiceStatistics> statistics() {
                throw new IllegalStateException("netlink gone");
            }
        };
        var p = StrictExpositionParser.parse(
                collector.collect(new MetricsCollector.Sources(null, new Views.Lvs(List.of(vs)), null, broken)));
        assertEquals(0, p.value("keepalived_lvs_statistics_up"));
        assertFalse(p.has("keepalived_lvs_service_connections_total"));
    }

    @Test
    void daemonLoadResultAndJvmBasics() {
        var load = new LoadResult(
                Instant.ofEpochSecond(1_700_000_100L),
                Path.of("k.conf"),
                LoadResult.Outcome.ERRORS,
                List.of("k.conf:3:1: unknown keyword", "k.conf:9:5: bad"),
                List.of("w"),
                "2 errors");
        var p = StrictExpositionParser.parse(
                collector.collect(new MetricsCollector.Sources(null, null, new Views.Daemon1(load), null)));
        assertEquals(0, p.value("keepalived_config_last_load_success", "outcome", "ERRORS"));
        assertEquals(2, p.value("keepalived_config_last_load_errors"));
        assertEquals(1, p.value("keepalived_config_last_load_warnings"));
        assertEquals(1_700_000_100, p.value("keepalived_config_last_load_timestamp_seconds"));
        assertEquals(1, p.value("keepalived_build_info", "version", "0.1.0-TEST"));
        assertTrue(p.value("jvm_memory_bytes_used", "area", "heap") > 0);
        assertTrue(p.value("jvm_threads_current") > 0);
        assertTrue(p.has("process_cpu_seconds_total"));
    }

    @Test
    void theVrrpTimerLagAndPausesAreExported() {
        Views.Vrrp instances = new Views.Vrrp(List.of(new Views.Instance("VI_1")));
        org.keepalivedj.api.vrrp.VrrpRuntime lagging = new org.keepalivedj.api.vrrp.VrrpRuntime() {
            public List<org.keepalivedj.api.vrrp.VrrpInstanceView> instances() {
                return instances.instances();
            }

            public java.util.Optional<org.keepalivedj.api.vrrp.VrrpInstanceView> instance(String n) {
                return instances.instance(n);
            }

            public Map<String, List<String>> syncGroups() {
                return Map.of();
            }

            @Override
            public long maxTimerLatenessNanos() {
                return 1_250_000_000L;
            }

            @Override
            public long timerPauses() {
                return 3;
            }
        };
        var p = StrictExpositionParser.parse(
                collector.collect(new MetricsCollector.Sources(lagging, null, null, null)));
        assertEquals(1.25, p.value("keepalived_vrrp_timer_lag_max_seconds"), 1e-9);
        assertEquals(3, p.value("keepalived_vrrp_timer_pauses_total"));
        // A runtime that does not measure reports zeros, not nothing.
        var plain = StrictExpositionParser.parse(
                collector.collect(new MetricsCollector.Sources(instances, null, null, null)));
        assertEquals(0, plain.value("keepalived_vrrp_timer_lag_max_seconds"));
    }

    @Test
    void labelValuesWithQuotesBackslashesAndNewlinesRoundTrip() {
        Views.Instance vi = new Views.Instance("we\"ird\\name\nline2");
        var p = StrictExpositionParser.parse(
                collector.collect(new MetricsCollector.Sources(new Views.Vrrp(List.of(vi)), null, null, null)));
        assertEquals(100, p.value("keepalived_vrrp_priority", "instance", "we\"ird\\name\nline2"));
    }

    @Test
    void theStrictParserRejectsWhatPrometheusWouldNot() {
        assertThrows(IllegalArgumentException.class, () -> StrictExpositionParser.parse("x 1\n"), "sample before TYPE");
        assertThrows(
                IllegalArgumentException.class,
                () -> StrictExpositionParser.parse("# TYPE x gauge\nx 1"),
                "no final newline");
        assertThrows(
                IllegalArgumentException.class,
                () -> StrictExpositionParser.parse("# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n"),
                "duplicate series");
        assertThrows(
                IllegalArgumentException.class,
                () -> StrictExpositionParser.parse("# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\n# HELP x again\n"),
                "split family");
        assertThrows(
                IllegalArgumentException.class,
                () -> StrictExpositionParser.parse("# TYPE x counter\nx -1\n"),
                "negative counter");
        assertThrows(
                IllegalArgumentException.class,
                () -> StrictExpositionParser.parse("# TYPE x gauge\nx{a=\"\n\"} 1\n"),
                "raw newline");
        assertThrows(
                IllegalArgumentException.class,
                () -> StrictExpositionParser.parse("# TYPE x gauge\nx{a=1} 1\n"),
                "unquoted");
    }

    @Test
    void theExpositionRefusesBadNamesAndUndeclaredFamilies() {
        Exposition e = new Exposition();
        assertThrows(IllegalArgumentException.class, () -> e.family("bad-name", Exposition.Type.GAUGE, "x"));
        assertThrows(IllegalStateException.class, () -> e.sample("undeclared", 1));
        e.family("ok", Exposition.Type.GAUGE, "x");
        assertThrows(IllegalArgumentException.class, () -> e.sample("ok", 1, "__reserved", "v"));
        assertThrows(IllegalArgumentException.class, () -> e.sample("ok", 1, "odd"));
    }

    @Test
    void theGrafanaDashboardUsesOnlyMetricsWeExport() throws Exception {
        java.nio.file.Path dashboard = java.nio.file.Path.of("../../docs/grafana/keepalived-j.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.exists(dashboard), "dashboard not in this checkout");
        Views.Virtual vs = new Views.Virtual("192.0.2.1", 80);
        Views.Real rs = new Views.Real(vs.key, "10.0.0.2:80");
        rs.checkers.add(new CheckerStatus("TCP_CHECK", true, true, "", Duration.ofMillis(1), Instant.now(), 0, 1, 0));
        vs.reals.add(rs);
        var stats = new ServiceStatistics(
                vs.services.get(0),
                Views.counters(1, 1, 1, 1, 1),
                Map.of("[10.0.0.2]:80", Views.counters(1, 1, 1, 1, 1)));
        var load = new LoadResult(Instant.now(), Path.of("k"), LoadResult.Outcome.OK, List.of(), List.of(), "");
        var p = StrictExpositionParser.parse(collector.collect(new MetricsCollector.Sources(
                new Views.Vrrp(List.of(new Views.Instance("VI_1"))),
                new Views.Lvs(List.of(vs)),
                new Views.Daemon1(load),
                new Views.Plane(List.of(stats)))));
        var used = java.util.regex.Pattern.compile("\\b((?:keepalived|jvm|process)_[a-z_]+)\\b")
                .matcher(java.nio.file.Files.readString(dashboard));
        int count = 0;
        while (used.find()) {
            count++;
            assertTrue(p.has(used.group(1)), "the dashboard uses " + used.group(1) + ", which we do not export");
        }
        assertTrue(count > 10, "the dashboard queries our metrics");
    }

    @Test
    void valuesAreFormattedAsPrometheusReadsThem() {
        assertEquals("42", Exposition.format(42));
        assertEquals("0.5", Exposition.format(0.5));
        assertEquals("NaN", Exposition.format(Double.NaN));
        assertEquals("+Inf", Exposition.format(Double.POSITIVE_INFINITY));
        assertEquals("10.0.0.2:80", MetricsCollector.realServerKey("[10.0.0.2]:80"));
        assertEquals("[2001:db8::2]:80", MetricsCollector.realServerKey("[2001:db8::2]:80"));
    }
}
