package org.keepalivedj.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.testsupport.Commands;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Needs root: two keepalived-j BFD engines, ours in this JVM in one namespace and a peer in a
 * process of its own ({@link BfdPeerProcess}) in another, joined by a veth pair, 50 ms x 3 both
 * ways. Both sessions come Up; a SIGKILL of the peer (no AdminDown, only silence) takes ours Down
 * within the detection time; a new peer brings it Up again; stopping ours sends AdminDown, which
 * takes the peer's Down at once.
 */
@RequiresRoot
class BfdPeerNamespaceTest {
    private static final long MS = 1_000_000L;

    private Netns ours;
    private Netns peer;
    private BfdEngine engine;
    private final List<Process> peers = new ArrayList<>();

    @BeforeEach
    void lab() {
        ours = Netns.create("bfdpeer-ours");
        peer = Netns.create("bfdpeer-peer");
        Commands.run("ip", "link", "add", "bfdpeer0", "type", "veth", "peer", "name", "bfdpeer1")
                .orThrow();
        Commands.run("ip", "link", "set", "bfdpeer0", "netns", ours.name()).orThrow();
        Commands.run("ip", "link", "set", "bfdpeer1", "netns", peer.name()).orThrow();
        ours.execOrThrow("ip", "addr", "add", "10.79.0.1/24", "dev", "bfdpeer0");
        ours.execOrThrow("ip", "link", "set", "bfdpeer0", "up");
        peer.execOrThrow("ip", "addr", "add", "10.79.0.2/24", "dev", "bfdpeer1");
        peer.execOrThrow("ip", "link", "set", "bfdpeer1", "up");
        engine = new BfdEngine(ours.name());
    }

    @AfterEach
    void cleanUp() {
        if (engine != null) {
            engine.close();
        }
        peers.forEach(Process::destroyForcibly);
        peer.close();
        ours.close();
    }

    record Event(BfdState to, Diagnostic diagnostic, long at) {}

    /** A peer engine process; its state lines go to the queue. */
    private Process startPeer(LinkedBlockingQueue<String> lines) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = peer.start(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                BfdPeerProcess.class.getName(),
                "peer",
                "10.79.0.1");
        peers.add(p);
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (Exception e) {
                lines.add("READ FAILED " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    /**
     * Takes the peer's lines up to {@code wanted}, a STATE line: those come from its engine thread in
     * order. RUNNING comes from its main thread and may follow the first STATE line (the handshake can
     * finish before main is back from apply), so it is never awaited; a FAILED apply fails at once.
     * The time allows for a JVM started on a busy machine.
     */
    private static void awaitLine(LinkedBlockingQueue<String> lines, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000 * MS;
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertTrue(line != null, "no '" + wanted + "' from the peer within 30 s, saw " + seen);
            if (line.equals(wanted)) {
                return;
            }
            seen.add(line);
            assertFalse(line.startsWith("FAILED"), "the peer could not start its session, saw " + seen);
        }
    }

    private static Event awaitOurs(LinkedBlockingQueue<Event> events, BfdState wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000 * MS;
        while (true) {
            Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertTrue(e != null, "our session not " + wanted + " within 20 s");
            if (e.to() == wanted) {
                return e;
            }
        }
    }

    /** Up arrives before both sides' Poll Sequence to 50 ms ends; detection is measured after it. */
    private void awaitFastTimers() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000 * MS;
        while (engine.sessions().stream().anyMatch(s -> s.detectionTimeNanos() != 150 * MS)) {
            assertTrue(System.nanoTime() < deadline, "timers not at 3 x 50 ms within 10 s: " + engine.sessions());
            Thread.sleep(5);
        }
    }

    @Test
    void upThenDownWithinDetectionTimeWhenThePeerDiesThenUpAgainAndAdminDownOnStop() throws Exception {
        LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
        engine.addListener((s, from, to, d, at) -> events.add(new Event(to, d, at)));
        assertEquals(List.of(), engine.apply(List.of(BfdPeerProcess.session("ours", "10.79.0.2"))));
        LinkedBlockingQueue<String> peerLines = new LinkedBlockingQueue<>();
        Process first = startPeer(peerLines);
        awaitLine(peerLines, "STATE peer Up");
        awaitOurs(events, BfdState.UP);
        awaitFastTimers();

        long killed = System.nanoTime();
        first.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        long after = System.nanoTime();
        Event down = awaitOurs(events, BfdState.DOWN);
        assertEquals(Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, down.diagnostic());
        long took = down.at() - killed;
        System.out.printf(
                "BFD between two keepalived-j: peer SIGKILLed, our session Down after %.1f ms (kill took %.1f ms;"
                        + " detection time 150 ms)%n",
                took / 1e6, (after - killed) / 1e6);
        // multiplier x interval + 10 ms from the kill; the kill itself may take a while on a busy machine
        assertTrue(took <= 160 * MS + (after - killed), "Down after " + took / 1000 + " us");

        LinkedBlockingQueue<String> secondLines = new LinkedBlockingQueue<>();
        startPeer(secondLines);
        awaitLine(secondLines, "STATE peer Up");
        awaitOurs(events, BfdState.UP);

        // our side stops: AdminDown tells the peer at once, long before its detection time would
        engine.close();
        engine = null;
        long stopped = System.nanoTime();
        awaitLine(secondLines, "STATE peer Down");
        assertTrue(
                System.nanoTime() - stopped < 2_000 * MS,
                "the peer saw our AdminDown only after " + (System.nanoTime() - stopped) / MS + " ms");
    }
}
