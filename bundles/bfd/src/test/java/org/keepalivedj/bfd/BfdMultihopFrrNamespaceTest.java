package org.keepalivedj.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.testsupport.Commands;
import org.keepalivedj.testsupport.FrrBfdd;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Needs root and FRR (Debian frr): RFC 5883 multihop. Our engine and FRR's bfdd (a multihop peer) in
 * two namespaces with a router namespace between them, so every packet crosses two links and arrives
 * with its TTL decremented (255 sent, 254 received). With {@code max_hops 1} the session comes Up over
 * UDP 4784 and detects a SIGKILLed bfdd within the detection time; with {@code max_hops 0} (exactly
 * 255 required) every packet of bfdd's is dropped and counted and the session stays Down.
 */
@RequiresRoot
class BfdMultihopFrrNamespaceTest {

    private static final long MS = 1_000_000L;
    private static final String OURS = "10.80.1.1";
    private static final String FRR = "10.80.2.1";

    private Netns ours;
    private Netns router;
    private Netns frr;
    private Path dir;
    private BfdEngine engine;
    private final LinkedBlockingQueue<BfdState> events = new LinkedBlockingQueue<>();
    private final List<Long> downAt = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void lab() throws Exception {
        ours = Netns.create("bfdmh-ours");
        router = Netns.create("bfdmh-router");
        frr = Netns.create("bfdmh-frr");
        link("bfdmh0", ours, "bfdmh1", router);
        link("bfdmh2", frr, "bfdmh3", router);
        ours.execOrThrow("ip", "addr", "add", OURS + "/24", "dev", "bfdmh0");
        ours.execOrThrow("ip", "route", "add", "default", "via", "10.80.1.254");
        router.execOrThrow("ip", "addr", "add", "10.80.1.254/24", "dev", "bfdmh1");
        router.execOrThrow("ip", "addr", "add", "10.80.2.254/24", "dev", "bfdmh3");
        router.execOrThrow("sysctl", "-qw", "net.ipv4.ip_forward=1");
        frr.execOrThrow("ip", "addr", "add", FRR + "/24", "dev", "bfdmh2");
        frr.execOrThrow("ip", "route", "add", "default", "via", "10.80.2.254");
        dir = Files.createTempDirectory("bfdmh");
        Files.writeString(dir.resolve("bfdd.conf"), """
                bfd
                 peer %s multihop local-address %s
                  receive-interval 50
                  transmit-interval 50
                  detect-multiplier 3
                 !
                !
                """.formatted(OURS, FRR));
        FrrBfdd.prepare(dir);
        engine = new BfdEngine(ours.name());
        engine.addListener((s, from, to, d, at) -> {
            events.add(to);
            if (to == BfdState.DOWN && d == Diagnostic.CONTROL_DETECTION_TIME_EXPIRED) {
                downAt.add(at);
            }
        });
    }

    private static void link(String a, Netns nsA, String b, Netns nsB) {
        Commands.run("ip", "link", "add", a, "type", "veth", "peer", "name", b).orThrow();
        Commands.run("ip", "link", "set", a, "netns", nsA.name()).orThrow();
        Commands.run("ip", "link", "set", b, "netns", nsB.name()).orThrow();
        nsA.execOrThrow("ip", "link", "set", a, "up");
        nsB.execOrThrow("ip", "link", "set", b, "up");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (engine != null) {
            engine.close();
        }
        for (Netns ns : new Netns[] {frr, router, ours}) {
            if (ns != null) {
                ns.close();
            }
        }
        if (dir != null) {
            Commands.run("rm", "-rf", dir.toString());
        }
    }

    private BfdInstance instance(int maxHops) throws Exception {
        String conf = """
                bfd_instance frr {
                  neighbor_ip %s
                  source_ip %s
                  multihop
                  max_hops %d
                  min_rx 50
                  min_tx 50
                  multiplier 3
                }
                """.formatted(FRR, OURS, maxHops);
        return KeepalivedConfigLoader.withBuiltinCheckers()
                .load(conf, "multihop.conf", dir)
                .config()
                .bfdInstances()
                .get("frr");
    }

    @Test
    void multihopSessionAcrossARouterComesUpAndDetectsAStoppedPeer() throws Exception {
        assertEquals(List.of(), engine.apply(List.of(instance(1))));
        Process bfdd = FrrBfdd.start(frr, dir);
        awaitState(BfdState.UP, 15_000);
        await(5_000, () -> engine.views().get(0).detectionTime().toMillis() == 150);
        BfdSessionView up = engine.views().get(0);
        assertTrue(up.multihop());
        assertEquals("Up", up.remoteState());
        assertEquals(50, up.transmitInterval().toMillis());
        assertEquals(0, engine.ttlRejectedPackets(), "TTL 254 is within max_hops 1");
        // bfdd's own view: its multihop peer is up.
        String frrSide = frr.exec("vtysh", "--vty_socket", dir.toString(), "-d", "bfdd", "-c", "show bfd peers")
                .stdout();
        assertTrue(frrSide.contains("multihop") && frrSide.contains("Status: up"), frrSide);
        assertTrue(frrSide.contains("Remote ID: " + up.localDiscriminator()), "bfdd knows our discriminator");
        assertTrue(frrSide.contains("ID: " + up.remoteDiscriminator()), "we know bfdd's");

        long killed = System.nanoTime();
        bfdd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        long after = System.nanoTime();
        awaitState(BfdState.DOWN, 5_000);
        long detected = downAt.get(downAt.size() - 1) - killed;
        System.out.printf("multihop: Down %.1f ms after the SIGKILL of bfdd (3 x 50 ms)%n", detected / 1e6);
        assertTrue(detected <= 160 * MS + (after - killed), "Down after " + detected / 1e6 + " ms");

        FrrBfdd.start(frr, dir);
        awaitState(BfdState.UP, 15_000);
    }

    @Test
    void maxHopsZeroDropsAPeerTwoHopsAway() throws Exception {
        assertEquals(List.of(), engine.apply(List.of(instance(0))));
        FrrBfdd.start(frr, dir);
        // bfdd sends at its 1 s idle rate while Down: three of its packets are enough to show the rule.
        await(10_000, () -> engine.ttlRejectedPackets() >= 3);
        assertEquals("Down", engine.views().get(0).state());
        assertEquals(0, engine.views().get(0).packetsIn(), "no packet of bfdd's got to the session");
        assertTrue(engine.views().get(0).packetsDropped() >= 3, engine.views().toString());
        assertTrue(events.stream().noneMatch(s -> s == BfdState.UP), events.toString());
    }

    private void awaitState(BfdState wanted, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * MS;
        while (true) {
            BfdState s = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertTrue(s != null, "not " + wanted + " within " + millis + " ms; " + engine.views());
            if (s == wanted) {
                return;
            }
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private void await(long millis, Check check) throws Exception {
        long deadline = System.nanoTime() + millis * MS;
        while (!check.holds()) {
            assertTrue(System.nanoTime() < deadline, "not within " + millis + " ms: " + engine.views());
            Thread.sleep(5);
        }
    }
}
