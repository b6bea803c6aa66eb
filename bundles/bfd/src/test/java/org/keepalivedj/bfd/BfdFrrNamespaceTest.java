package org.keepalivedj.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.testsupport.Commands;
import org.keepalivedj.testsupport.FrrBfdd;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Needs root and FRR (Debian frr): our engine in one namespace, FRR's bfdd in another, joined by a
 * veth pair. The session comes Up, goes Down within the detection time when bfdd is killed
 * (SIGKILL: no AdminDown is sent, only silence tells), and comes back Up when bfdd restarts.
 */
@RequiresRoot
class BfdFrrNamespaceTest {

    private static final long MS = 1_000_000L;
    private Netns ours;
    private Netns frr;
    private Path dir;
    private BfdEngine engine;

    @BeforeEach
    void lab() throws Exception {
        ours = Netns.create("bfdfrr-ours");
        frr = Netns.create("bfdfrr-frr");
        Commands.run("ip", "link", "add", "bfdfrr0", "type", "veth", "peer", "name", "bfdfrr1")
                .orThrow();
        Commands.run("ip", "link", "set", "bfdfrr0", "netns", ours.name()).orThrow();
        Commands.run("ip", "link", "set", "bfdfrr1", "netns", frr.name()).orThrow();
        ours.execOrThrow("ip", "addr", "add", "10.78.0.1/24", "dev", "bfdfrr0");
        ours.execOrThrow("ip", "addr", "add", "fd78::1/64", "dev", "bfdfrr0", "nodad");
        ours.execOrThrow("ip", "link", "set", "bfdfrr0", "up");
        frr.execOrThrow("ip", "addr", "add", "10.78.0.2/24", "dev", "bfdfrr1");
        frr.execOrThrow("ip", "addr", "add", "fd78::2/64", "dev", "bfdfrr1", "nodad");
        frr.execOrThrow("ip", "link", "set", "bfdfrr1", "up");
        dir = Files.createTempDirectory("bfdfrr");
        Files.writeString(dir.resolve("bfdd.conf"), """
                bfd
                 peer 10.78.0.1
                  receive-interval 50
                  transmit-interval 50
                  detect-multiplier 3
                 !
                 peer fd78::1
                  receive-interval 50
                  transmit-interval 50
                  detect-multiplier 3
                 !
                !
                """);
        FrrBfdd.prepare(dir);
        engine = new BfdEngine(ours.name());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (engine != null) {
            engine.close();
        }
        frr.close();
        ours.close();
        Commands.run("rm", "-rf", dir.toString());
    }

    private static BfdInstance instance(String name, String neighbor, int hoplimit) throws Exception {
        return new BfdInstance(
                Origin.NONE,
                name,
                InetAddress.getByName(neighbor),
                null,
                Duration.ofMillis(50),
                Duration.ofMillis(50),
                Duration.ofSeconds(1),
                3,
                false,
                255,
                hoplimit,
                0,
                false,
                0,
                false,
                Settings.EMPTY);
    }

    record Event(String session, BfdState to, Diagnostic diagnostic, long at) {}

    @Test
    void upThenDownWithinDetectionTimeThenUpAgainIpv4AndIpv6() throws Exception {
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        engine.addListener((s, from, to, d, at) -> events.add(new Event(s, to, d, at)));
        // Single hop needs 255 on IPv6 too (RFC 5881); keepalived's default hoplimit is 64.
        assertEquals(
                List.of(), engine.apply(List.of(instance("frr4", "10.78.0.2", 255), instance("frr6", "fd78::2", 255))));
        Process bfdd = FrrBfdd.start(frr, dir);
        awaitUp(events, "frr4", "frr6");
        awaitFastTimers();
        for (BfdEngine.SessionInfo s : engine.sessions()) {
            assertEquals(50_000, s.transmitIntervalMicros(), s.name());
        }
        // -Dbfd.detection.runs=20 repeats the kill / restart for the figures in docs/bfd.md.
        int runs = Integer.getInteger("bfd.detection.runs", 1);
        List<Long> detections = new java.util.ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long killed = System.nanoTime();
            bfdd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            long after = System.nanoTime();
            for (int i = 0; i < 2; i++) {
                Event e = events.poll(5, TimeUnit.SECONDS);
                assertTrue(e != null && e.to() == BfdState.DOWN, String.valueOf(e));
                assertEquals(Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, e.diagnostic());
                detections.add((e.at() - killed) / 1000);
                // multiplier x interval (150 ms) + 10 ms, counted from the kill (the peer's last packet was earlier)
                assertTrue(
                        e.at() - killed <= 160 * MS + (after - killed),
                        e.session() + " Down after " + (e.at() - killed) / 1000 + " us");
            }
            bfdd = FrrBfdd.start(frr, dir);
            awaitUp(events, "frr4", "frr6");
            awaitFastTimers();
        }
        List<Long> sorted = detections.stream().sorted().toList();
        System.out.printf(
                "BFD detection after SIGKILL of bfdd (3 x 50 ms), %d sessions down: p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%n",
                sorted.size(),
                sorted.get(sorted.size() / 2) / 1000.0,
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
        assertEquals(0, engine.ttlRejectedPackets());
        assertEquals(0, engine.malformedPackets());
    }

    /**
     * Up comes while bfdd still advertises its 1 s idle rate (detection 3 s); its Poll Sequence to
     * 50 ms follows. Detection is measured only once it is 3 x 50 ms.
     */
    private void awaitFastTimers() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000 * MS;
        while (engine.sessions().stream().anyMatch(s -> s.detectionTimeNanos() != 150 * MS)) {
            assertTrue(System.nanoTime() < deadline, "timers not at 3 x 50 ms within 5 s: " + engine.sessions());
            Thread.sleep(5);
        }
    }

    private static void awaitUp(LinkedBlockingQueue<Event> events, String... sessions) throws InterruptedException {
        java.util.Set<String> waiting = new java.util.HashSet<>(List.of(sessions));
        long deadline = System.nanoTime() + 10_000 * MS;
        while (!waiting.isEmpty()) {
            Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertTrue(e != null, "sessions not Up within 10 s: " + waiting);
            if (e.to() == BfdState.UP) {
                waiting.remove(e.session());
            }
        }
    }
}
