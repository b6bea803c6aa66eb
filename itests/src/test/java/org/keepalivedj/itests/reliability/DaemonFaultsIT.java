package org.keepalivedj.itests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.itests.Awaits;
import org.keepalivedj.itests.LaunchedNode;
import org.keepalivedj.testsupport.KeepalivedPeer;
import org.keepalivedj.testsupport.NameServer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Issue 10, faults of the daemon process and reload under fire, with the distribution as an
 * operator runs it (node kj, priority 150) and a real keepalived as its peer (node ka, priority
 * 100) on one bridge. A client namespace talks to the VIP all the time: port 7000 reaches a name
 * server on whichever node holds the VIP; port 80 goes through our nftables plane to two real
 * servers behind kj. One launch is shared by the tests below, which run in order; each ends with
 * the VIP on exactly one node and traffic flowing, and prints its recovery time.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonFaultsIT {

    private static final String VIP = "10.61.0.100";
    private static final String VRRP = "keepalived:type=VrrpInstance,name=VI_1";
    private static final String DAEMON = "keepalived:type=Daemon";
    private static final String SILENT =
            "keepalived:type=RealServer,virtualServer=\"10.61.0.100:81/tcp\",name=\"10.62.0.13:8082\"";
    private static final String RS1 =
            "keepalived:type=RealServer,virtualServer=\"10.61.0.100:80/tcp\",name=\"10.62.0.11:8080\"";

    /** Ours: %1$d the VRRP priority, %2$d the first real server's weight. */
    private static final String OURS = """
            global_defs {
                router_id kj
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 61
                priority %1$d
                advert_int 1
                virtual_ipaddress {
                    10.61.0.100/24
                }
            }
            virtual_server 10.61.0.100 80 {
                delay_loop 1
                lvs_sched wrr
                lvs_method NAT
                protocol TCP
                real_server 10.62.0.11 8080 {
                    weight %2$d
                    TCP_CHECK {
                        connect_timeout 1
                    }
                }
                real_server 10.62.0.12 8081 {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 1
                    }
                }
            }
            virtual_server 10.61.0.100 81 {
                delay_loop 1
                lvs_sched rr
                lvs_method NAT
                protocol TCP
                real_server 10.62.0.13 8082 {
                    HTTP_GET {
                        url {
                            path /
                            status_code 200
                        }
                        connect_timeout 2
                        retry 0
                    }
                }
            }
            """;

    private static final String PEER = """
            global_defs {
                router_id ka
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 61
                priority 100
                advert_int 1
                virtual_ipaddress {
                    10.61.0.100/24
                }
            }
            """;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @TempDir
    static Path tmp;

    private NetLab lab;
    private Netns kj;
    private Netns ka;
    private Netns client;
    private Path conf;
    private LaunchedNode node;
    private TcpProbe holder;

    @BeforeAll
    void launch() throws Exception {
        lab = NetLab.create();
        kj = lab.node("kj", "10.61.0.1/24");
        ka = lab.node("ka", "10.61.0.2/24");
        client = lab.node("client", "10.61.0.50/24");
        Netns rs = lab.namespace("rs");
        lab.attach(kj, "back", "eth1", "10.62.0.1/24");
        lab.attach(rs, "back", "eth0", "10.62.0.11/24", "10.62.0.12/24", "10.62.0.13/24");
        rs.execOrThrow("ip", "route", "add", "default", "via", "10.62.0.1");
        kj.execOrThrow("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        resources.add(NameServer.start(kj, "kj", 7000));
        resources.add(NameServer.start(ka, "ka", 7000));
        resources.add(NameServer.start(rs, "rs1", 8080));
        resources.add(NameServer.start(rs, "rs2", 8081));
        resources.add(silentServer(rs, "10.62.0.13", 8082));
        // its console (-l) to ka.log; -P: VRRP only (this kernel has no IPVS for its checkers)
        resources.add(KeepalivedPeer.start(ka, tmp, "ka", PEER, KeepalivedPeer.Options.quiet("-l", "-P")));
        conf = Files.writeString(tmp.resolve("kj.conf"), OURS.formatted(150, 1));
        node = LaunchedNode.start(kj, tmp.resolve("data"), "-f", conf.toString());
        node.awaitMBean(VRRP, 300_000);
        holder = TcpProbe.start(client, VIP, 7000);
        Awaits.until(
                "kj MASTER, alone with the VIP, serving the client",
                60_000,
                () -> "MASTER".equals(state())
                        && vipHolders().equals(List.of("kj"))
                        && holder.steadilyServedBy("kj", 3));
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (holder != null) {
                holder.close();
            }
            if (node != null) {
                try {
                    node.signal("CONT"); // in case a test failed while it was stopped
                    node.stop();
                } catch (Exception | AssertionError e) {
                    // already gone: the namespace's close kills what is left
                }
            }
            for (AutoCloseable r : resources) {
                r.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Test
    @Order(1)
    void aCheckTargetThatAcceptsAndNeverAnswersGoesDownAtConnectTimeoutWhileOthersStayOnSchedule() throws Exception {
        // The silent server accepts every connection and never says a word: HTTP_GET waits for
        // connect_timeout (2 s), then the server is down, and it is never up again.
        long rs1Before = attempts(read(RS1));
        long start = System.nanoTime();
        Awaits.until("the silent real server down", 30_000, () -> read(SILENT).contains("\"Up\":false"));
        String silent = read(SILENT);
        long latency = number(silent, "lastLatencyMillis");
        assertTrue(latency >= 1900 && latency < 4000, "the attempt ended at connect_timeout (2 s): " + silent);
        // Meanwhile the TCP checks of the other virtual server ran on their 1 s schedule.
        Awaits.until("rs1 checked a few more times", 30_000, () -> attempts(read(RS1)) >= rs1Before + 3);
        double seconds = (System.nanoTime() - start) / 1e9;
        long rs1Checks = attempts(read(RS1)) - rs1Before;
        assertTrue(
                rs1Checks >= Math.floor(seconds) - 2,
                rs1Checks + " checks of rs1 in " + seconds + " s at delay_loop 1");
        assertTrue(read(RS1).contains("\"Up\":true"), read(RS1));
        System.out.printf(
                Locale.ROOT,
                "RECOVERY silent checker target: down after an attempt of %d ms (connect_timeout 2 s);"
                        + " rs1 checked %d times meanwhile%n",
                latency,
                rs1Checks);
    }

    @Test
    @Order(2)
    void aReloadWithAnErrorChangesNothingAndSaysWhere() throws Exception {
        String good = Files.readString(conf);
        String bad = good.replace("priority 150", "priority 300");
        int line = lineOf(bad, "priority 300");
        String lastTransition = LaunchedNode.attribute(read(VRRP), "LastTransition");
        try {
            Files.writeString(conf, bad);
            node.get("/exec/" + DAEMON + "/reload", "admin:admin");
            Awaits.until("the reload refused", 30_000, () -> read(DAEMON).contains("\"LastLoadResult\":\"ERRORS\""));
            String daemon = read(DAEMON);
            assertTrue(
                    daemon.contains("kj.conf:" + line + ":") && daemon.contains("priority"),
                    "the error names file, line and keyword: " + daemon);
            assertEquals("MASTER", state());
            assertEquals(lastTransition, LaunchedNode.attribute(read(VRRP), "LastTransition"), "VI_1 untouched");
            assertTrue(read(VRRP).contains("\"BasePriority\":150"), read(VRRP));
            assertEquals(List.of("kj"), vipHolders());
            assertTrue(holder.steadilyServedBy("kj", 3));
        } finally {
            Files.writeString(conf, good);
        }
    }

    @Test
    @Order(3)
    void reloadsUnderTrafficLoseNoConnectionNoVipAndLeakNothing() throws Exception {
        int reloads = Integer.getInteger("reliability.reloads", 20);
        long pid = node.pid();
        try (TcpProbe traffic = TcpProbe.start(client, VIP, 80)) {
            Awaits.until(
                    "traffic through the nftables plane",
                    30_000,
                    () -> traffic.attempts().size() > 5
                            && traffic.attempts()
                                    .get(traffic.attempts().size() - 1)
                                    .ok());
            for (int i = 0; i < 4; i++) { // warm-up: the first reloads load classes and fill caches
                reload(i % 2 == 0 ? OURS.formatted(140, 2) : OURS.formatted(150, 1));
            }
            long threads0 = threads(pid);
            long fds0 = fds(pid);
            long heap0 = heapAfterGc();
            String lastTransition = LaunchedNode.attribute(read(VRRP), "LastTransition");
            long from = System.nanoTime();
            List<String> vipGaps = new CopyOnWriteArrayList<>();
            AtomicBoolean watching = new AtomicBoolean(true);
            Thread watcher = new Thread(
                    () -> {
                        while (watching.get()) {
                            List<String> holders = vipHolders();
                            if (!holders.equals(List.of("kj"))) {
                                vipGaps.add(holders.toString());
                            }
                            try {
                                Thread.sleep(20);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "vip-watcher");
            watcher.start();
            long started = System.nanoTime();
            try {
                for (int i = 0; i < reloads; i++) {
                    reload(i % 2 == 0 ? OURS.formatted(140, 2) : OURS.formatted(150, 1));
                }
            } finally {
                watching.set(false);
                watcher.join();
            }
            double perReload = (System.nanoTime() - started) / 1e6 / reloads;
            reload(OURS.formatted(150, 1));
            long threads1 = threads(pid);
            long fds1 = fds(pid);
            long heap1 = heapAfterGc();
            List<TcpProbe.Attempt> during = traffic.since(from);
            List<TcpProbe.Attempt> failed = during.stream().filter(a -> !a.ok()).toList();
            String figures = String.format(
                    Locale.ROOT,
                    "%d reloads (%.0f ms each), %d connections, %d failed %s;"
                            + " threads %d -> %d, fds %d -> %d, heap after GC %.1f -> %.1f MB; VIP not alone on kj %d times %s",
                    reloads,
                    perReload,
                    during.size(),
                    failed.size(),
                    failed.stream().limit(3).toList(),
                    threads0,
                    threads1,
                    fds0,
                    fds1,
                    heap0 / 1048576.0,
                    heap1 / 1048576.0,
                    vipGaps.size(),
                    vipGaps.stream().limit(3).toList());
            System.out.println("RELOAD under traffic: " + figures);
            assertTrue(during.size() >= reloads, "traffic ran all along: " + figures);
            assertTrue(failed.isEmpty(), "no connection lost: " + figures);
            assertTrue(vipGaps.isEmpty(), "the VIP stayed on kj alone: " + figures);
            assertEquals(
                    lastTransition,
                    LaunchedNode.attribute(read(VRRP), "LastTransition"),
                    "no VRRP transition: " + figures);
            assertTrue(threads1 <= threads0 + 5, "no thread leak: " + figures);
            assertTrue(fds1 <= fds0 + 10, "no fd leak: " + figures);
            assertTrue(heap1 <= heap0 + 24L * 1024 * 1024, "no heap growth: " + figures);
        }
    }

    @Test
    @Order(4)
    void aMasterPausedTenSecondsDoesNotStayDualMasterWhenItWakes() throws Exception {
        long stopped = System.nanoTime();
        node.signal("STOP");
        try {
            Awaits.until(
                    "keepalived took the VIP over and serves the client",
                    30_000,
                    () -> vipHolders().contains("ka") && holder.firstSuccessFrom("ka", stopped) > 0);
            long takeover = holder.firstSuccessFrom("ka", stopped) - stopped;
            long wake = stopped + 10_000_000_000L;
            while (System.nanoTime() < wake) {
                Thread.sleep(Math.max(1, (wake - System.nanoTime()) / 1_000_000));
            }
            node.signal("CONT");
            long resumed = System.nanoTime();
            Awaits.until(
                    "one VIP holder again, serving the client",
                    30_000,
                    () -> vipHolders().size() == 1
                            && holder.steadilyServedBy(vipHolders().get(0), 3));
            long single = System.nanoTime() - resumed;
            String winner = vipHolders().get(0);
            assertStaysSingle(winner, 3_000);
            System.out.printf(
                    Locale.ROOT,
                    "RECOVERY SIGSTOP 10 s: keepalived served the VIP %.2f s after the stop;"
                            + " %.2f s after SIGCONT one holder (%s) serves the client%n",
                    takeover / 1e9,
                    single / 1e9,
                    winner);
        } finally {
            node.signal("CONT");
        }
        // with priority 150 against 100 we take the VIP back (preemption), as keepalived would
        Awaits.until(
                "kj MASTER again",
                30_000,
                () -> "MASTER".equals(state()) && vipHolders().equals(List.of("kj")));
    }

    @Test
    @Order(5)
    void aKilledMasterIsReplacedAndItsStaleVipIsRemovedFirstOnRestart() throws Exception {
        long pid = node.pid();
        Path events = tmp.resolve("address-events");
        Process monitor = kj.start("sh", "-c", "exec ip -o monitor address > " + events);
        long killed = System.nanoTime();
        node.signal("KILL");
        Awaits.until(
                "the JVM gone",
                30_000,
                () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        Awaits.until("keepalived serves the client", 30_000, () -> holder.firstSuccessFrom("ka", killed) > 0);
        long takeover = holder.firstSuccessFrom("ka", killed) - killed;
        assertTrue(
                vipHolders().containsAll(List.of("kj", "ka")),
                "the kernel keeps the dead master's VIP: " + vipHolders());

        Path logFile = node.data().resolve("log/keepalived.log");
        int logOffset = Files.readString(logFile).length();
        long restarted = System.nanoTime();
        node = LaunchedNode.start(kj, tmp.resolve("data"), "-f", conf.toString());
        Awaits.until(
                "kj MASTER again, alone with the VIP, serving the client",
                300_000,
                () -> vipHolders().equals(List.of("kj"))
                        && holder.firstSuccessFrom("kj", restarted) > 0
                        && holder.steadilyServedBy("kj", 3));
        long back = holder.firstSuccessFrom("kj", restarted) - restarted;
        monitor.destroy();
        monitor.waitFor();
        // The stale VIP was deleted before the new run added it again.
        List<String> vipEvents = Files.readString(events)
                .lines()
                .filter(l -> l.contains(" " + VIP + "/"))
                .toList();
        assertTrue(
                vipEvents.size() >= 2
                        && vipEvents.get(0).startsWith("Deleted")
                        && !vipEvents.get(1).startsWith("Deleted"),
                "address events of the VIP: " + vipEvents);
        String log = Files.readString(logFile).substring(logOffset); // the new run's lines
        int cleaned = log.indexOf("removed 1 address(es) left by a run that did not stop cleanly");
        int vrrp = log.indexOf("(VI_1)");
        assertTrue(cleaned >= 0, "the leftover removal is logged: " + log);
        assertTrue(vrrp > cleaned, "VRRP starts after the leftovers are gone: " + log);
        assertStaysSingle("kj", 2_000);
        System.out.printf(
                Locale.ROOT,
                "RECOVERY SIGKILL of the master: keepalived served the VIP %.2f s after the kill;"
                        + " the restarted keepalived-j served it again %.2f s after its launch%n",
                takeover / 1e9,
                back / 1e9);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void assertStaysSingle(String expected, long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            assertEquals(List.of(expected), vipHolders(), "one VIP holder");
            Thread.sleep(100);
        }
    }

    private void reload(String text) throws Exception {
        Files.writeString(conf, text);
        String before = LaunchedNode.attribute(read(DAEMON), "LastLoadTime");
        String answer = node.get("/exec/" + DAEMON + "/reload", "admin:admin");
        assertTrue(answer != null && answer.contains("\"status\":200"), "reload answered: " + answer);
        Awaits.until("reload done", 30_000, () -> !before.equals(LaunchedNode.attribute(read(DAEMON), "LastLoadTime")));
        assertTrue(read(DAEMON).contains("\"LastLoadResult\":\"OK\""), read(DAEMON));
    }

    private List<String> vipHolders() {
        List<String> out = new ArrayList<>();
        for (Netns ns : List.of(kj, ka)) {
            if (ns.exec("ip", "-o", "-4", "addr", "show", "dev", "eth0")
                    .stdout()
                    .contains(" " + VIP + "/")) {
                out.add(ns == kj ? "kj" : "ka");
            }
        }
        return out;
    }

    private String state() throws Exception {
        return LaunchedNode.attribute(read(VRRP), "State");
    }

    private String read(String mbean) throws Exception {
        String body =
                node.post("{\"type\":\"read\",\"mbean\":\"" + mbean.replace("\"", "\\\"") + "\"}", "viewer:viewer");
        return body == null ? "" : body;
    }

    private long heapAfterGc() throws Exception {
        node.post("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}", "admin:admin");
        String body = node.post(
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\",\"path\":\"used\"}",
                "admin:admin");
        return number(body, "value");
    }

    private static long attempts(String realServer) {
        return number(realServer, "attempts");
    }

    private static long number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError(name + " not in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    private static int lineOf(String text, String needle) {
        return (int) text.substring(0, text.indexOf(needle))
                        .chars()
                        .filter(c -> c == '\n')
                        .count()
                + 1;
    }

    private static long threads(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("Threads:"))
                .mapToLong(l -> Long.parseLong(l.substring(8).trim()))
                .findFirst()
                .orElseThrow();
    }

    private static long fds(long pid) throws Exception {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.count();
        }
    }

    /** A server that accepts connections and never reads or writes: a hung application. */
    private static AutoCloseable silentServer(Netns ns, String address, int port) throws Exception {
        ServerSocket server = ns.call(() -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(address, port), 50);
            return s;
        });
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            held.add(server.accept());
                        } catch (Exception e) {
                            return;
                        }
                    }
                },
                "silent-server");
        t.setDaemon(true);
        t.start();
        return () -> {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        };
    }
}
