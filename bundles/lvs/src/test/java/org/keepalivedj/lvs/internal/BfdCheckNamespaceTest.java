package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.bfd.BfdEngine;
import org.keepalivedj.bfd.internal.BfdCheckFactory;
import org.keepalivedj.nft.NftForwardingPlane;
import org.keepalivedj.testsupport.Commands;
import org.keepalivedj.testsupport.FrrBfdd;
import org.keepalivedj.testsupport.NameServer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Needs root, nftables and FRR. BFD_CHECK end to end: the director runs our BFD engine and the
 * engine with the nftables plane; real server s1 runs FRR's bfdd as its BFD peer (and a name
 * server), s2 only a name server. With alpha, s1 joins the rotation when the session comes Up,
 * leaves it within the detection time (plus one nft apply) of a SIGKILL of bfdd, though its server
 * still answers, and joins again when bfdd restarts. delay_loop is 60 s: only the session events
 * can explain those moves.
 */
@RequiresRoot
class BfdCheckNamespaceTest {
    private static final String VIP = "10.83.0.100";
    private static final String VS = VIP + ":80/tcp";
    private static final int PORT = 8080;
    private static final long MS = 1_000_000L;

    private NetLab lab;
    private Netns director;
    private Netns client;
    private Netns s1;
    private final Map<String, NameServer> servers = new HashMap<>();
    private Path dir;
    private Process bfdd;
    private BfdEngine bfd;
    private ThreadScheduler scheduler;
    private LvsEngine engine;
    private NftForwardingPlane plane;
    private WatchedPlane watched;

    private static final String CONF = """
            bfd_instance s1 {
              neighbor_ip 10.82.0.11
              min_rx 50
              min_tx 50
              multiplier 3
            }
            virtual_server 10.83.0.100 80 {
              protocol TCP
              lvs_sched rr
              delay_loop 60
              real_server 10.82.0.11 8080 {
                weight 1
                BFD_CHECK {
                  name s1
                  alpha
                }
              }
              real_server 10.82.0.12 8080 {
                weight 1
              }
            }
            """;

    @BeforeEach
    void buildLab() throws Exception {
        lab = NetLab.create();
        director = lab.node("dir", "10.82.0.1/24");
        s1 = lab.node("s1", "10.82.0.11/24");
        Netns s2 = lab.node("s2", "10.82.0.12/24");
        for (Netns ns : List.of(s1, s2)) {
            ns.execOrThrow("ip", "route", "add", "default", "via", "10.82.0.1");
        }
        servers.put("s1", NameServer.start(s1, "s1", PORT));
        servers.put("s2", NameServer.start(s2, "s2", PORT));
        client = lab.namespace("cli");
        lab.vethPair(director, "c0", client, "eth0");
        NetLab.addAddress(director, "c0", "10.83.0.1/24");
        NetLab.addAddress(director, "c0", VIP + "/32");
        NetLab.addAddress(client, "eth0", "10.83.0.2/24");
        client.execOrThrow("ip", "route", "add", "default", "via", "10.83.0.1");
        director.execOrThrow("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");

        dir = Files.createTempDirectory("bfdchk");
        Files.writeString(dir.resolve("bfdd.conf"), """
                bfd
                 peer 10.82.0.1
                  receive-interval 50
                  transmit-interval 50
                  detect-multiplier 3
                 !
                !
                """);
        FrrBfdd.prepare(dir);

        KeepalivedConfig config = Rig.parse(CONF);
        bfd = new BfdEngine(director.name());
        BfdCheckFactory factory = new BfdCheckFactory();
        bfd.addSessionListener(factory);
        assertEquals(List.of(), bfd.apply(config.bfdInstances().values()));
        scheduler = new ThreadScheduler("lvs-bfd");
        plane = new NftForwardingPlane(director.name());
        watched = new WatchedPlane(plane);
        engine = new LvsEngine(scheduler, new RecordingNotifier(), new Random(1));
        scheduler.runAndWait(
                () -> {
                    engine.setPlane(watched);
                    engine.addFactory(factory);
                    engine.apply(config);
                },
                10_000);
    }

    @AfterEach
    void removeLab() throws Exception {
        try {
            if (bfdd != null) {
                bfdd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            if (scheduler != null) {
                scheduler.runAndWait(engine::stop, 10_000);
                scheduler.close();
            }
            if (plane != null) {
                plane.close();
            }
            if (bfd != null) {
                bfd.close();
            }
            for (NameServer s : servers.values()) {
                s.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
            if (dir != null) {
                Commands.run("rm", "-rf", dir.toString());
            }
        }
    }

    /** Where ten connections from the client to the VIP landed: server name (or FAIL) to count. */
    private Map<String, Integer> tenConnections() throws Exception {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            String who = client.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(VIP, 80), 1000);
                    s.setSoTimeout(2000);
                    String line = new BufferedReader(
                                    new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
                    return line == null ? "FAIL" : line;
                } catch (IOException e) {
                    return "FAIL";
                }
            });
            out.merge(who, 1, Integer::sum);
        }
        return out;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000 * MS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 15 s: " + what);
            Thread.sleep(5);
        }
    }

    private boolean s1Up() {
        return engine.virtualServer(VS)
                .orElseThrow()
                .realServer("10.82.0.11:8080")
                .orElseThrow()
                .up();
    }

    @Test
    void theSessionTakesTheServerOutOfTheDataPlaneAndBack() throws Exception {
        waitFor(() -> watched.firstAfter(0, d -> d.equals(List.of("10.82.0.12"))) != null, "alpha: s2 alone");
        assertEquals(Map.of("s2", 10), tenConnections(), "s1 starts out (alpha)");

        long started = System.nanoTime();
        bfdd = FrrBfdd.start(s1, dir);
        waitFor(
                () -> watched.firstAfter(started, d -> d.equals(List.of("10.82.0.11", "10.82.0.12"))) != null,
                "s1 in the rotation once the session is Up");
        assertEquals(Map.of("s1", 5, "s2", 5), tenConnections());
        waitFor(() -> bfd.sessions().get(0).detectionTimeNanos() == 150 * MS, "timers at 3 x 50 ms");

        long killed = System.nanoTime();
        bfdd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        long killTook = System.nanoTime() - killed;
        bfdd = null;
        waitFor(() -> watched.firstAfter(killed, d -> d.equals(List.of("10.82.0.12"))) != null, "s1 out");
        WatchedPlane.Applied out = watched.firstAfter(killed, d -> d.equals(List.of("10.82.0.12")));
        long took = out.endedNanos() - killed;
        System.out.printf(
                "BFD_CHECK: s1 out of the nft rotation %.1f ms after the SIGKILL of its bfdd (detection 150 ms,"
                        + " nft apply %.1f ms)%n",
                took / 1e6, out.tookNanos() / 1e6);
        assertTrue(
                took <= 150 * MS + 10 * MS + out.tookNanos() + killTook,
                "out after " + took / 1e6 + " ms: more than the detection time and the nft apply");
        assertTrue(!s1Up());
        assertEquals(Map.of("s2", 10), tenConnections(), "s1's server still answers, but no traffic reaches it");

        long restarted = System.nanoTime();
        bfdd = FrrBfdd.start(s1, dir);
        waitFor(
                () -> watched.firstAfter(restarted, d -> d.equals(List.of("10.82.0.11", "10.82.0.12"))) != null,
                "s1 back once the session is Up again");
        assertEquals(Map.of("s1", 5, "s2", 5), tenConnections());
    }
}
