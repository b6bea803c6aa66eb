package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.nft.NftForwardingPlane;
import org.keepalivedj.testsupport.NameServer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The engine on real time with the nftables plane and real servers in namespaces. A client reaches
 * the virtual service 10.81.0.100:80 on the director, which NATs to three real servers and a sorry
 * server. Killing a server (closing its socket) must take it out of the rotation within the check
 * timing, with no connection reaching it until it is back; losing the quorum switches to the sorry server.
 */
@RequiresRoot
class NftEndToEndTest {
    private static final String VIP = "10.81.0.100";
    private static final String VS = VIP + ":80/tcp";
    private static final int PORT = 8080;
    private static final double DELAY_LOOP = 1.0;
    private static final double CONNECT_TIMEOUT = 1.0;
    private static final int RETRY = 2;
    private static final double DELAY_BEFORE_RETRY = 0.5;

    private NetLab lab;
    private Netns director;
    private Netns client;
    private final Map<String, Netns> serverNs = new HashMap<>();
    private final Map<String, NameServer> servers = new HashMap<>();
    private ThreadScheduler scheduler;
    private LvsEngine engine;
    private NftForwardingPlane plane;
    private WatchedPlane watched;
    private NamespaceTcpCheck checks;

    @BeforeEach
    void buildLab() throws Exception {
        lab = NetLab.create();
        director = lab.node("dir", "10.80.0.1/24");
        String[] names = {"s1", "s2", "s3", "sorry"};
        for (int i = 0; i < names.length; i++) {
            Netns ns = lab.node(names[i], "10.80.0." + (11 + i) + "/24");
            ns.execOrThrow("ip", "route", "add", "default", "via", "10.80.0.1");
            serverNs.put(names[i], ns);
            servers.put(names[i], NameServer.start(ns, names[i], PORT));
        }
        client = lab.namespace("cli");
        lab.vethPair(director, "c0", client, "eth0");
        NetLab.addAddress(director, "c0", "10.81.0.1/24");
        NetLab.addAddress(director, "c0", VIP + "/32");
        NetLab.addAddress(client, "eth0", "10.81.0.2/24");
        client.execOrThrow("ip", "route", "add", "default", "via", "10.81.0.1");
        director.execOrThrow("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");

        scheduler = new ThreadScheduler("lvs-e2e");
        plane = new NftForwardingPlane(director.name());
        watched = new WatchedPlane(plane);
        checks = new NamespaceTcpCheck(director);
        engine = new LvsEngine(scheduler, new RecordingNotifier(), new Random(1));
        scheduler.runAndWait(
                () -> {
                    engine.setPlane(watched);
                    engine.addFactory(checks);
                    engine.apply(Rig.parse(config()));
                },
                10_000);
    }

    private static String config() {
        StringBuilder reals = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            reals.append("real_server 10.80.0.")
                    .append(10 + i)
                    .append(" ")
                    .append(PORT)
                    .append(" {\nweight 1\n")
                    .append("TCP_CHECK {\nconnect_timeout ")
                    .append(CONNECT_TIMEOUT)
                    .append("\nretry ")
                    .append(RETRY)
                    .append("\ndelay_before_retry ")
                    .append(DELAY_BEFORE_RETRY)
                    .append("\n}\n}\n");
        }
        return "virtual_server " + VIP + " 80 {\nprotocol TCP\nlvs_sched rr\ndelay_loop " + DELAY_LOOP
                + "\nquorum 2\nsorry_server 10.80.0.14 " + PORT + "\n" + reals + "}\n";
    }

    @AfterEach
    void removeLab() throws Exception {
        try {
            if (scheduler != null) {
                scheduler.runAndWait(engine::stop, 10_000);
                scheduler.close();
            }
            if (checks != null) {
                checks.close();
            }
            if (plane != null) {
                plane.close();
            }
            for (NameServer s : servers.values()) {
                s.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    /** One connection from the client to the VIP: the server's name, or FAIL. */
    private String connectOnce() throws Exception {
        return client.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(VIP, 80), 1000);
                s.setSoTimeout(2000);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                return line == null ? "FAIL" : line;
            } catch (IOException e) {
                return "FAIL";
            }
        });
    }

    /** What connections made in the background answered, stamped with System.nanoTime. */
    private record Answer(long at, String server) {}

    private static double waitFor(BooleanSupplier condition, double limitSeconds) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if ((System.nanoTime() - start) / 1e9 > limitSeconds) {
                throw new AssertionError("not within " + limitSeconds + " s");
            }
            Thread.sleep(5); // polling a condition with a deadline
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private VirtualServerView vs() {
        return engine.virtualServer(VS).orElseThrow();
    }

    @Test
    void aKilledServerLeavesTheRotationInTimeAndNoTrafficReachesItUntilItIsBack() throws Exception {
        waitFor(
                () -> vs().realServers().stream()
                        .allMatch(r -> r.checkers().get(0).attempts() > 0),
                5);
        Map<String, Integer> before = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            before.merge(connectOnce(), 1, Integer::sum);
        }
        assertEquals(Map.of("s1", 10, "s2", 10, "s3", 10), before, "round robin over the three servers");

        List<Answer> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<?> traffic = background.submit(() -> {
            while (!stop.get()) {
                answers.add(new Answer(System.nanoTime(), connectOnce()));
            }
            return null;
        });
        try {
            Thread.sleep(200);
            long killed = System.nanoTime();
            servers.get("s1").close();
            waitFor(() -> watched.firstAfter(killed, d -> d.equals(List.of("10.80.0.12", "10.80.0.13"))) != null, 10);
            long removed = watched.firstAfter(killed, d -> d.equals(List.of("10.80.0.12", "10.80.0.13")))
                    .endedNanos();
            double took = (removed - killed) / 1e9;
            double bound = DELAY_LOOP + (RETRY + 1) * CONNECT_TIMEOUT + RETRY * DELAY_BEFORE_RETRY;
            System.out.printf(
                    "e2e: killed server out of the nft rotation after %.3f s (retry %d x delay_before_retry %.1f s"
                            + " = %.1f s; bound with delay_loop and connect_timeout %.1f s); nft applies took %s ms%n",
                    took,
                    RETRY,
                    DELAY_BEFORE_RETRY,
                    RETRY * DELAY_BEFORE_RETRY,
                    bound,
                    watched.applied.stream()
                            .map(a -> String.format("%.1f", a.tookNanos() / 1e6))
                            .toList());
            assertTrue(took >= RETRY * DELAY_BEFORE_RETRY - 0.05, "not before its retries: " + took);
            assertTrue(took <= bound, "within the check timing: " + took + " s");

            Thread.sleep(2000);
            long restarted = System.nanoTime();
            servers.put("s1", NameServer.start(serverNs.get("s1"), "s1", PORT));
            waitFor(() -> vs().realServer("10.80.0.11:8080").orElseThrow().up(), 5);
            waitFor(() -> answers.stream().anyMatch(a -> a.at > restarted && a.server.equals("s1")), 5);
            stop.set(true);
            traffic.get();

            List<String> between = answers.stream()
                    .filter(a -> a.at > removed && a.at < restarted)
                    .map(Answer::server)
                    .toList();
            assertTrue(between.size() > 20, "traffic flowed meanwhile: " + between.size());
            assertTrue(
                    between.stream().noneMatch(s -> s.equals("s1") || s.equals("FAIL")),
                    "nothing reached the dead server: " + between);
            assertTrue(between.contains("s2") && between.contains("s3"));
        } finally {
            stop.set(true);
            background.shutdownNow();
        }
    }

    @Test
    void losingTheQuorumSwitchesToTheSorryServerAndBack() throws Exception {
        waitFor(
                () -> vs().realServers().stream()
                        .allMatch(r -> r.checkers().get(0).attempts() > 0),
                5);
        servers.get("s1").close();
        servers.get("s2").close();
        long killed = System.nanoTime();
        waitFor(() -> watched.firstAfter(killed, d -> d.equals(List.of("10.80.0.14"))) != null, 10);
        Map<String, Integer> during = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            during.merge(connectOnce(), 1, Integer::sum);
        }
        assertEquals(Map.of("sorry", 20), during, "quorum 2 lost with one server left: only the sorry server");

        servers.put("s1", NameServer.start(serverNs.get("s1"), "s1", PORT));
        long back = System.nanoTime();
        waitFor(() -> watched.firstAfter(back, d -> d.equals(List.of("10.80.0.11", "10.80.0.13"))) != null, 10);
        Map<String, Integer> after = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            after.merge(connectOnce(), 1, Integer::sum);
        }
        assertEquals(Map.of("s1", 10, "s3", 10), after, "back to the real servers that are up");
    }
}
