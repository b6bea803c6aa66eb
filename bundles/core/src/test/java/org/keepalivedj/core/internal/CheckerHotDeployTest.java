package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.lvs.internal.LvsSubsystem;
import org.keepalivedj.testsupport.CapturedLog;

/**
 * Checker bundles arriving and leaving while the daemon runs, with the real LVS subsystem and a real
 * TCP check: the configuration file is read at start and on reload only.
 */
class CheckerHotDeployTest {
    private static final String CONF = """
            virtual_server 127.0.0.1 16001 {
                delay_loop 0.2
                protocol TCP
                real_server 127.0.0.1 %d {
                    CONNECT_CHECK {
                        connect_timeout 1
                    }
                }
            }
            """;

    private static final String EXTRA_VS = """
            virtual_server 127.0.0.1 16002 {
                protocol TCP
                real_server 127.0.0.1 16003 {
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aCheckerArrivingAndLeavingBindsTheRunningConfigWithoutReadingTheFile() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ConnectCheckFactory factory = new ConnectCheckFactory("CONNECT_CHECK");
                CapturedLog log = new CapturedLog()) {
            Path conf = Files.writeString(dir.resolve("keepalived.conf"), String.format(CONF, server.getLocalPort()));
            LvsSubsystem lvs = new LvsSubsystem();
            KeepalivedDaemon daemon = new KeepalivedDaemon();
            try {
                daemon.addSubsystem(lvs);
                daemon.start("1", TestSettings.forFile(conf.toString()), null);
                LoadResult first = daemon.lastLoad();
                assertTrue(first.warnings().toString().contains("unknown keyword CONNECT_CHECK"), first.toString());
                assertEquals(List.of(), realServer(lvs).checkers(), "no checker knows the block yet");
                List<LoadResult> notified = new CopyOnWriteArrayList<>();
                daemon.bindLoadListener(notified::add);

                // the operator is half-way through an edit: nothing of it may be applied
                Files.writeString(conf, String.format(CONF, server.getLocalPort()) + EXTRA_VS);

                daemon.addChecker(factory);
                lvs.addFactory(factory);
                await("the CONNECT_CHECK of the real server runs and finds it up", () -> {
                    List<CheckerStatus> checks = realServer(lvs).checkers();
                    return checks.size() == 1
                            && checks.get(0).running()
                            && checks.get(0).attempts() > 0
                            && checks.get(0).up();
                });
                assertEquals(1, lvs.virtualServers().size(), "the file on disk was not applied");
                assertEquals(1, daemon.runningConfig().virtualServers().size());
                assertSame(first, daemon.lastLoad(), "no load happened");
                assertEquals(List.of(), notified, "no reload notification");
                assertEquals(1, log.count("Opening file"), log.text());
                assertEquals(0, log.count("Reloading"));
                assertTrue(factory.binds > 0, "bound by the factory");

                // the server dies: the check says so
                server.close();
                await("the real server is down", () -> !realServer(lvs).up());

                // the bundle leaves: its checks stop, the server takes its start state (no alpha: up)
                List<Boolean> transitions = new CopyOnWriteArrayList<>();
                lvs.bindListener(new org.keepalivedj.api.lvs.LvsStateListener() {
                    @Override
                    public void realServerChanged(
                            org.keepalivedj.api.lvs.VirtualServerView vs, RealServerView rs, boolean up) {
                        transitions.add(up);
                    }
                });
                lvs.removeFactory(factory);
                daemon.removeChecker(factory);
                CheckerStatus stopped = realServer(lvs).checkers().get(0);
                assertFalse(stopped.running());
                assertTrue(realServer(lvs).up());
                assertEquals(List.of(true), transitions, "one transition, no flapping");
                assertEquals(1, lvs.virtualServers().size(), "the file on disk was not applied");
                assertSame(first, daemon.lastLoad(), "no load happened");
                assertEquals(List.of(), notified, "no reload notification");
                assertEquals(1, log.count("Opening file"));
                assertEquals(
                        1, log.count("Checker CONNECT_CHECK removed: its checks stop and every CONNECT_CHECK block"));

                // a reload reads the file: the edit applies now, and the block is unresolved again
                LoadResult reloaded = daemon.reload();
                assertTrue(reloaded.ok(), reloaded.toString());
                assertTrue(reloaded.warnings().toString().contains("unknown keyword CONNECT_CHECK"));
                assertEquals(2, lvs.virtualServers().size());
                assertEquals(List.of(reloaded), notified);
            } finally {
                daemon.deactivate();
                lvs.deactivate();
            }
        }
    }

    @Test
    void aStartWithCheckersArrivingBeforeAndAfterTheDaemonLoadsTheFileOnce() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ConnectCheckFactory early = new ConnectCheckFactory("EARLY_CHECK");
                ConnectCheckFactory late = new ConnectCheckFactory("CONNECT_CHECK");
                ConnectCheckFactory tcp = new ConnectCheckFactory("TCP_CHECK");
                CapturedLog log = new CapturedLog()) {
            String text = String.format(CONF, server.getLocalPort())
                    .replace(
                            "real_server 127.0.0.1",
                            "real_server 127.0.0.2 " + server.getLocalPort() + " {\n TCP_CHECK {\n }\n }\n"
                                    + "real_server 127.0.0.1");
            Path conf = Files.writeString(dir.resolve("keepalived.conf"), text);
            LvsSubsystem lvs = new LvsSubsystem();
            KeepalivedDaemon daemon = new KeepalivedDaemon();
            List<LoadResult> notified = new CopyOnWriteArrayList<>();
            daemon.bindLoadListener(notified::add);
            try {
                // the order a container may start bundles in: a checker, core, the subsystem, more checkers
                daemon.addChecker(early);
                lvs.addFactory(early);
                daemon.start("1", TestSettings.forFile(conf.toString()), null);
                LoadResult first = daemon.lastLoad();
                daemon.addSubsystem(lvs);
                daemon.addChecker(tcp);
                lvs.addFactory(tcp);
                daemon.addChecker(late);
                lvs.addFactory(late);

                await(
                        "both real servers' checks run",
                        () -> lvs.virtualServers().get(0).realServers().stream()
                                .allMatch(rs -> rs.checkers().size() == 1
                                        && rs.checkers().get(0).running()
                                        && rs.checkers().get(0).attempts() > 0));
                assertEquals(1, log.count("Opening file"), log.text());
                assertEquals(1, log.count("Configuration loaded"));
                assertEquals(0, log.count("Reloading"));
                assertSame(first, daemon.lastLoad());
                assertEquals(List.of(), notified);
                assertEquals(1, log.count("Checker CONNECT_CHECK binds 1 block(s) of the running configuration"));
                assertEquals(0, log.count("Checker TCP_CHECK binds"), "the built-in binder had bound it the same way");
            } finally {
                daemon.deactivate();
                lvs.deactivate();
            }
        }
    }

    @Test
    void aCheckerArrivingWhileTheFileIsBeingBoundIsNotMissed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ConnectCheckFactory tcp = new ConnectCheckFactory("TCP_CHECK");
                ConnectCheckFactory late = new ConnectCheckFactory("CONNECT_CHECK");
                CapturedLog log = new CapturedLog()) {
            // the CONNECT_CHECK server first, so the binder looks CONNECT_CHECK up before TCP_CHECK
            String text = String.format(CONF, server.getLocalPort())
                    .replaceFirst(
                            "}\n$",
                            "    real_server 127.0.0.2 " + server.getLocalPort() + " {\n TCP_CHECK {\n }\n }\n}\n");
            Path conf = Files.writeString(dir.resolve("keepalived.conf"), text);
            LvsSubsystem lvs = new LvsSubsystem();
            KeepalivedDaemon daemon = new KeepalivedDaemon();
            try {
                daemon.addSubsystem(lvs);
                lvs.addFactory(late);
                daemon.addChecker(tcp);
                // CONNECT_CHECK's bundle comes up while the load binds the TCP_CHECK block, after the
                // binder looked CONNECT_CHECK up: too late for this load, before its apply
                tcp.onBind = () -> {
                    tcp.onBind = () -> {};
                    daemon.addChecker(late);
                };
                daemon.start("1", TestSettings.forFile(conf.toString()), null);

                assertTrue(
                        daemon.lastLoad().warnings().toString().contains("unknown keyword CONNECT_CHECK"),
                        "the load did not see it: " + daemon.lastLoad());
                await(
                        "the CONNECT_CHECK runs",
                        () -> realServer(lvs, 0).checkers().size() == 1
                                && realServer(lvs, 0).checkers().get(0).running());
                assertEquals(1, log.count("Opening file"));
            } finally {
                daemon.deactivate();
                lvs.deactivate();
            }
        }
    }

    private static RealServerView realServer(LvsSubsystem lvs, int index) {
        return lvs.virtualServers().get(0).realServers().get(index);
    }

    private static RealServerView realServer(LvsSubsystem lvs) {
        return lvs.virtualServers().get(0).realServers().get(0);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
