package org.keepalivedj.bfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The state machine on virtual time: two sessions wired back to back, packets delivered 1 ms later. */
class BfdSessionTest {

    private static final long MS = 1_000_000L;

    /** Two sessions and an in-memory wire; time only moves in {@link #runUntil}. */
    static final class Pair {
        long now;
        final List<long[]> inFlight = new ArrayList<>();
        final List<BfdPacket> packets = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        boolean bAlive = true;
        BfdSession a;
        BfdSession b;

        Pair(BfdTiming ta, BfdTiming tb) {
            a = new BfdSession("a", 0x1111, ta, p -> deliver(p, 1), this::record, new Random(1), 0);
            b = new BfdSession(
                    "b",
                    0x2222,
                    tb,
                    p -> {
                        if (bAlive) {
                            deliver(p, 0);
                        }
                    },
                    this::record,
                    new Random(2),
                    0);
        }

        private void record(BfdSession s, BfdState from, BfdState to, Diagnostic d) {
            events.add(s.name() + " " + to + " at " + now / MS + " " + d);
        }

        private void deliver(BfdPacket p, int toA) {
            packets.add(p);
            inFlight.add(new long[] {now + MS, toA, packets.size() - 1});
        }

        void runUntil(long end) {
            while (now < end) {
                long next = Math.min(a.runTimers(now), bAlive ? b.runTimers(now) : Long.MAX_VALUE);
                for (long[] f : inFlight) {
                    next = Math.min(next, f[0]);
                }
                if (next > end) {
                    now = end;
                    break;
                }
                now = Math.max(now, next);
                for (long[] f : new ArrayList<>(inFlight)) {
                    if (f[0] <= now) {
                        inFlight.remove(f);
                        BfdSession to = f[1] == 0 ? a : b;
                        if (to != b || bAlive) {
                            to.receive(packets.get((int) f[2]), now);
                        }
                    }
                }
            }
        }
    }

    static BfdTiming timing(int ms, int multiplier, boolean passive) {
        return new BfdTiming(Duration.ofMillis(ms), Duration.ofMillis(ms), Duration.ofSeconds(1), multiplier, passive);
    }

    @Test
    void threeWayHandshakeThenPollSequenceToFastTimers() {
        Pair p = new Pair(timing(50, 3, false), timing(50, 3, false));
        p.runUntil(20 * MS);
        assertEquals(BfdState.UP, p.a.state());
        assertEquals(BfdState.UP, p.b.state());
        // Down -> Init -> Up on one side, Down -> Up on the other: the three-way handshake
        assertTrue(p.events.contains("b Init at 1 No Diagnostic"), p.events.toString());
        // Going Up moved Desired Min TX from idle_tx (1 s) to 50 ms: announced with Poll, answered with Final
        assertTrue(p.packets.stream().anyMatch(x -> x.poll() && x.desiredMinTxMicros() == 50_000));
        assertTrue(p.packets.stream().anyMatch(BfdPacket::fin));
        assertTrue(p.packets.stream().noneMatch(x -> x.poll() && x.fin()));
        assertFalse(p.a.isPolling());
        assertFalse(p.b.isPolling());
        assertEquals(50_000, p.a.transmitIntervalMicros());
        assertEquals(150 * MS, p.a.detectionTimeNanos());
        // Periodic packets at 75-100 % of 50 ms (jitter, section 6.8.7)
        int before = p.packets.size();
        p.runUntil(1020 * MS);
        int sent = p.packets.size() - before;
        assertTrue(sent >= 40 && sent <= 54, "packets in 1 s, both ways: " + sent);
        assertEquals(BfdState.UP, p.a.state());
    }

    @Test
    void silentPeerIsDownWithinDetectionTime() {
        Pair p = new Pair(timing(50, 3, false), timing(50, 3, false));
        p.runUntil(500 * MS);
        assertEquals(BfdState.UP, p.a.state());
        long lastFromB = p.now;
        p.bAlive = false;
        p.runUntil(2000 * MS);
        assertEquals(BfdState.DOWN, p.a.state());
        assertEquals(Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, p.a.localDiagnostic());
        String down = p.events.get(p.events.size() - 1);
        long downAt = Long.parseLong(down.split(" ")[3]);
        // Last packet from b arrived at most 50 ms before it stopped; detection is 3 x 50 ms after it.
        assertTrue(downAt - lastFromB / MS <= 150 && downAt - lastFromB / MS >= 150 - 50, down);
        assertEquals(0, p.a.remoteDiscriminator());
        assertEquals(1_000_000, p.a.desiredMinTxMicros());
        // b back: the session comes up again
        p.bAlive = true;
        p.b = new BfdSession(
                "b", 0x3333, timing(50, 3, false), x -> p.deliver(x, 0), (s, f, t, d) -> {}, new Random(3), p.now);
        p.runUntil(p.now + 3000 * MS);
        assertEquals(BfdState.UP, p.a.state());
    }

    @Test
    void neighborDownAndAdminDown() {
        Pair p = new Pair(timing(50, 3, false), timing(50, 3, false));
        p.runUntil(200 * MS);
        p.b.adminDown(p.now);
        p.runUntil(p.now + 10 * MS);
        assertEquals(BfdState.DOWN, p.a.state());
        assertEquals(Diagnostic.NEIGHBOR_SIGNALED_DOWN, p.a.localDiagnostic());
        assertEquals(Diagnostic.NEIGHBOR_SIGNALED_DOWN, p.a.lastDownDiagnostic());
        assertEquals(BfdState.ADMIN_DOWN, p.b.state());
    }

    @Test
    void passiveSideWaitsForThePeer() {
        Pair p = new Pair(timing(50, 3, true), timing(50, 3, true));
        p.runUntil(5000 * MS);
        assertTrue(p.packets.isEmpty(), "two passive sides never speak");
        Pair q = new Pair(timing(50, 3, true), timing(50, 3, false));
        q.runUntil(3000 * MS);
        assertEquals(BfdState.UP, q.a.state());
    }

    @Test
    void slowerTimersWaitForTheFinal() {
        Pair p = new Pair(timing(50, 3, false), timing(50, 3, false));
        p.runUntil(300 * MS);
        p.a.retime(timing(200, 3, false), p.now);
        assertTrue(p.a.isPolling());
        assertEquals(200_000, p.a.desiredMinTxMicros());
        // Until the Final, a keeps sending at 50 ms: b may still be timing it on 3 x 50 ms.
        assertEquals(50_000, p.a.transmitIntervalMicros());
        p.runUntil(p.now + 100 * MS);
        assertFalse(p.a.isPolling());
        assertEquals(200_000, p.a.transmitIntervalMicros());
        assertEquals(600 * MS, p.b.detectionTimeNanos());
        p.runUntil(p.now + 3000 * MS);
        assertEquals(BfdState.UP, p.b.state());
    }
}
