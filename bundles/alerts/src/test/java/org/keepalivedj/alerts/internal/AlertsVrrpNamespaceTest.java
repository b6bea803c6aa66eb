package org.keepalivedj.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedj.alerts.internal.Awaits.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.netlink.ReceivedPacket;
import org.keepalivedj.netlink.VrrpSocket;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;
import org.keepalivedj.vrrp.ChecksumMode;
import org.keepalivedj.vrrp.VrrpAdvert;
import org.keepalivedj.vrrp.VrrpCodec;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * The real VRRP engine in a namespace, with the alerts listening, against a real aiosmtpd on
 * loopback: the mails keepalived sends arrive for every transition; with the mail server stopped
 * or silent, the adverts keep their interval and the outage is logged once.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class AlertsVrrpNamespaceTest {
    private static final String VIP = "192.0.2.61";
    private static final int VRID = 61;

    private static String config(int smtpPort, int connectTimeout) {
        return """
                global_defs {
                  router_id LB_TEST
                  vrrp_version 3
                  notification_email {
                    ops@example.com
                    pager@example.com
                  }
                  notification_email_from keepalived@lb.example.com
                  smtp_server 127.0.0.1 %1$d
                  smtp_helo_name lb.example.com
                  smtp_connect_timeout %2$d
                }
                vrrp_sync_group SG_WEB {
                  group {
                    VI_WEB
                  }
                  smtp_alert
                }
                vrrp_instance VI_WEB {
                  state BACKUP
                  interface eth0
                  virtual_router_id %3$d
                  priority 150
                  advert_int 0.5
                  smtp_alert
                  virtual_ipaddress {
                    %4$s/24 dev eth0
                  }
                }
                vrrp_instance VI_QUIET {
                  state BACKUP
                  interface eth0
                  virtual_router_id 62
                  priority 150
                  advert_int 0.5
                  virtual_ipaddress {
                    192.0.2.62/24 dev eth0
                  }
                }
                """.formatted(smtpPort, connectTimeout, VRID, VIP);
    }

    /**
     * Global smtp_alert on: VI_WEB, which says nothing itself, mails by that default; VI_QUIET says
     * smtp_alert false, which wins over the global default.
     */
    private static String globalOnButOneInstanceOff(int smtpPort) {
        return """
                global_defs {
                  router_id LB_TEST
                  vrrp_version 3
                  notification_email {
                    ops@example.com
                  }
                  smtp_server 127.0.0.1 %1$d
                  smtp_connect_timeout 10
                  smtp_alert
                }
                vrrp_instance VI_WEB {
                  state BACKUP
                  interface eth0
                  virtual_router_id %2$d
                  priority 150
                  advert_int 0.5
                  virtual_ipaddress {
                    %3$s/24 dev eth0
                  }
                }
                vrrp_instance VI_QUIET {
                  state BACKUP
                  interface eth0
                  virtual_router_id 62
                  priority 150
                  advert_int 0.5
                  smtp_alert false
                  virtual_ipaddress {
                    192.0.2.62/24 dev eth0
                  }
                }
                """.formatted(smtpPort, VRID, VIP);
    }

    /** The engine in namespace "us", a raw VRRP socket in "probe", the alerts component listening. */
    private record Rig(
            Netns us, VrrpSocket probe, NetlinkAddressManager addresses, VrrpEngine engine, AlertsComponent alerts)
            implements AutoCloseable {
        static Rig start(NetLab lab, Path dir, String conf, RecordingLog log) throws Exception {
            KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                    .load(conf, "alerts.conf", dir)
                    .config();
            Netns us = lab.node("us", "192.0.2.1/24");
            Netns probeNs = lab.node("probe", "192.0.2.2/24");
            VrrpSocket probe = probeNs.call(() -> VrrpSocket.openIpv4("eth0"));
            probe.joinGroup(VrrpSocket.GROUP_V4);
            NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
            VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
            // the worker thread is started here, in the test's own namespace, where the SMTP server listens
            AlertsComponent alerts = new AlertsComponent(
                    new MailSender(
                            100, new MailSender.Retry(2, Duration.ofMillis(200)), new SmtpClient(ZoneOffset.UTC), log),
                    "testhost");
            Rig rig = new Rig(us, probe, addresses, engine, alerts);
            try {
                alerts.apply(config);
                engine.addListener(alerts.alerts());
                us.run(() -> engine.apply(config));
            } catch (Exception | Error e) {
                rig.close();
                throw e;
            }
            return rig;
        }

        VrrpInstanceView instance(String name) {
            return engine.instance(name).orElseThrow();
        }

        /** One advert with priority 200 from the probe: VI_WEB yields, then takes over again when it stops. */
        void preemptOnce() throws Exception {
            byte[] higher = VrrpCodec.encode(
                    VrrpAdvert.v3(VRID, 200, 50, List.of(InetAddress.getByName(VIP))),
                    InetAddress.getByName("192.0.2.2"),
                    VrrpSocket.GROUP_V4,
                    ChecksumMode.STANDARD);
            probe.send(higher, VrrpSocket.GROUP_V4);
        }

        /** Arrival times (nanoTime) of VI_WEB's adverts from us: the first {@code enough}, or what came within {@code max}. */
        List<Long> advertsFromUs(int enough, Duration max) throws Exception {
            List<Long> times = new ArrayList<>();
            long end = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < end && times.size() < enough) {
                ReceivedPacket p = probe.receive(Duration.ofMillis(200));
                if (p != null && p.source().getHostAddress().equals("192.0.2.1")) {
                    VrrpAdvert advert = VrrpCodec.decode(p.payload(), false).advert();
                    if (advert != null && advert.vrid() == VRID) {
                        times.add(System.nanoTime());
                    }
                }
            }
            return times;
        }

        @Override
        public void close() {
            engine.close();
            addresses.close();
            probe.close();
            alerts.deactivate();
        }
    }

    @Test
    void everyTransitionOfAnAlertingInstanceAndItsSyncGroupIsMailed(NetLab lab, @TempDir Path dir) throws Exception {
        try (SmtpSink sink = SmtpSink.start(dir.resolve("mail"));
                Rig rig = Rig.start(lab, dir, config(sink.port(), 10), new RecordingLog())) {
            SmtpSink.Received backup = sink.awaitSubject("[LB_TEST] VRRP Instance VI_WEB - Entering BACKUP state");
            assertEquals("=> VRRP Instance is no longer owning VRRP VIPs <=\n", backup.body());
            SmtpSink.Received master = sink.awaitSubject("[LB_TEST] VRRP Instance VI_WEB - Entering MASTER state");
            assertEquals("=> VRRP Instance is now owning VRRP VIPs <=\n", master.body());
            assertEquals("keepalived@lb.example.com", master.header("From"));
            assertEquals("ops@example.com, pager@example.com", master.header("To"));
            SmtpSink.Received group = sink.awaitSubject("[LB_TEST] VRRP Group SG_WEB - Entering MASTER state");
            assertEquals("=> All VRRP group instances are now in MASTER state <=\n", group.body());
            sink.awaitSubject("[LB_TEST] VRRP Group SG_WEB - Entering BACKUP state");

            // a failover: a higher priority takes over, then goes silent and we take over again
            await(() -> rig.instance("VI_QUIET").state() == InstanceState.MASTER, () -> "VI_QUIET MASTER");
            rig.preemptOnce();
            sink.await(
                    r -> count(sink, "[LB_TEST] VRRP Instance VI_WEB - Entering BACKUP state") == 2, "second BACKUP");
            sink.await(
                    r -> count(sink, "[LB_TEST] VRRP Instance VI_WEB - Entering MASTER state") == 2, "second MASTER");
            sink.await(
                    r -> count(sink, "[LB_TEST] VRRP Group SG_WEB - Entering MASTER state") == 2, "group MASTER again");

            // one worker sends in order: everything VI_QUIET did before is through, and it alerts nothing
            assertTrue(
                    sink.mails().stream().noneMatch(r -> r.subject().contains("VI_QUIET")),
                    () -> "VI_QUIET has no smtp_alert: " + subjects(sink));
            assertEquals(0, rig.alerts().getFailed());
            assertEquals(0, rig.alerts().getDropped());
            assertEquals(sink.mails().size(), rig.alerts().getSent());
        }
    }

    @Test
    void anInstanceSayingSmtpAlertFalseStaysSilentUnderAGlobalSmtpAlert(NetLab lab, @TempDir Path dir)
            throws Exception {
        try (SmtpSink sink = SmtpSink.start(dir.resolve("mail"));
                Rig rig = Rig.start(lab, dir, globalOnButOneInstanceOff(sink.port()), new RecordingLog())) {
            sink.awaitSubject("[LB_TEST] VRRP Instance VI_WEB - Entering BACKUP state");
            sink.awaitSubject("[LB_TEST] VRRP Instance VI_WEB - Entering MASTER state");
            await(() -> rig.instance("VI_QUIET").state() == InstanceState.MASTER, () -> "VI_QUIET MASTER");

            // VI_QUIET's BACKUP and MASTER came before this failover; the one worker sends in order,
            // so once VI_WEB's second BACKUP is through, a mail for VI_QUIET would be too
            rig.preemptOnce();
            sink.await(
                    r -> count(sink, "[LB_TEST] VRRP Instance VI_WEB - Entering BACKUP state") == 2, "second BACKUP");
            sink.await(
                    r -> count(sink, "[LB_TEST] VRRP Instance VI_WEB - Entering MASTER state") == 2, "second MASTER");
            assertTrue(
                    sink.mails().stream().noneMatch(r -> r.subject().contains("VI_QUIET")),
                    () -> "VI_QUIET says smtp_alert false: " + subjects(sink));
            assertEquals(sink.mails().size(), rig.alerts().getSent());
        }
    }

    @Test
    void withTheMailServerStoppedAdvertsKeepTheirIntervalAndTheOutageIsLoggedOnce(NetLab lab, @TempDir Path dir)
            throws Exception {
        int port;
        try (SmtpSink sink = SmtpSink.start(dir.resolve("mail"))) {
            port = sink.port();
        }
        RecordingLog log = new RecordingLog();
        try (Rig rig = Rig.start(lab, dir, config(port, 5), log)) {
            assertTimingKept(rig);
            await(() -> log.count("unreachable 127.0.0.1:" + port) == 1, () -> "outage logged: " + log.lines);
            await(() -> rig.alerts().getFailed() >= 1, () -> "a mail given up");
            assertEquals(1, log.count("unreachable"), log.lines::toString);
            assertTrue(
                    rig.alerts().getLastError().contains("Connection refused"),
                    rig.alerts().getLastError());
        }
    }

    @Test
    void withAMailServerThatNeverAnswersAdvertsKeepTheirInterval(NetLab lab, @TempDir Path dir) throws Exception {
        RecordingLog log = new RecordingLog();
        // accepts connections (the kernel's backlog) and never sends a greeting: each attempt waits 5 s
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Rig rig = Rig.start(lab, dir, config(silent.getLocalPort(), 5), log)) {
            assertTimingKept(rig);
            await(() -> log.count("unreachable") == 1, () -> "outage logged: " + log.lines);
            assertEquals(0, rig.alerts().getSent());
            silent.close(); // resets the waiting connection: the worker stops at once
        }
    }

    /**
     * Adverts at 0.5 s keep coming while mails wait (a mail send blocking the VRRP thread would leave
     * a gap of the 5 s SMTP timeout), and a failover in the middle of the outage takes its normal
     * Master_Down_Interval (about 1.6 s here).
     */
    private static void assertTimingKept(Rig rig) throws Exception {
        await(() -> rig.instance("VI_WEB").state() == InstanceState.MASTER, () -> "VI_WEB MASTER");
        assertMaxGapBelow(rig.advertsFromUs(5, Duration.ofSeconds(10)), Duration.ofMillis(2000));

        rig.preemptOnce();
        long preempted = System.nanoTime();
        await(
                () -> rig.instance("VI_WEB").state() == InstanceState.BACKUP
                        || rig.instance("VI_WEB").counters().getOrDefault("masterTransitions", 0L) >= 2,
                () -> "VI_WEB yields");
        List<Long> after = rig.advertsFromUs(5, Duration.ofSeconds(10));
        assertTrue(!after.isEmpty(), "VI_WEB advertises again after the failover");
        Duration takeover = Duration.ofNanos(after.get(0) - preempted);
        assertTrue(takeover.compareTo(Duration.ofMillis(4000)) < 0, () -> "took over again after " + takeover);
        assertMaxGapBelow(after, Duration.ofMillis(2000));
        assertEquals(InstanceState.MASTER, rig.instance("VI_WEB").state());
    }

    private static void assertMaxGapBelow(List<Long> arrivals, Duration bound) {
        assertTrue(arrivals.size() >= 3, () -> "adverts received: " + arrivals.size());
        long maxGap = 0;
        for (int i = 1; i < arrivals.size(); i++) {
            maxGap = Math.max(maxGap, arrivals.get(i) - arrivals.get(i - 1));
        }
        Duration gap = Duration.ofNanos(maxGap);
        assertTrue(gap.compareTo(bound) < 0, () -> "largest gap between adverts " + gap);
    }

    private static long count(SmtpSink sink, String subject) {
        try {
            return sink.mails().stream()
                    .filter(r -> subject.equals(r.subject()))
                    .count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> subjects(SmtpSink sink) {
        try {
            return sink.mails().stream().map(SmtpSink.Received::subject).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
