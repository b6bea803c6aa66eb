package org.keepalivedj.check.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.netlink.TcpProbe;

/**
 * The thread that finishes TCP_CHECK connects which did not complete at once: timeouts kept in
 * deadline order on one thread, probes handed back exactly once, and a clean stop. Against loopback
 * listeners whose accept queue is full, so connects really stay under way.
 */
class ConnectLoopTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static TcpProbe pendingProbe(InetSocketAddress to) {
        TcpProbe probe = new TcpProbe(to, null);
        assertEquals(TcpProbe.State.PENDING, probe.start(), "the full accept queue drops the SYN");
        return probe;
    }

    @Test
    void manyPendingConnectsTimeOutEachAtItsOwnDeadline() throws Exception {
        try (FullBacklog server = new FullBacklog();
                ConnectLoop loop = new ConnectLoop("test-connect")) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            List<TcpProbe> released = new CopyOnWriteArrayList<>();
            List<Long> finishedAt = new CopyOnWriteArrayList<>();
            List<CompletableFuture<CheckResult>> results = new ArrayList<>();
            long start = System.nanoTime();
            // 40 probes, timeouts 100..880 ms, submitted out of order.
            for (int i = 0; i < 40; i++) {
                int timeoutMs = 100 + ((i * 7) % 40) * 20;
                CompletableFuture<CheckResult> r = loop.await(pendingProbe(to), to, timeoutMs * MS, released::add);
                results.add(r);
                r.thenRun(() -> finishedAt.add(System.nanoTime() - start));
            }
            for (int i = 0; i < 40; i++) {
                int timeoutMs = 100 + ((i * 7) % 40) * 20;
                CheckResult r = results.get(i).get(5, TimeUnit.SECONDS);
                assertFalse(r.up());
                assertEquals("timed out after " + timeoutMs + " ms", r.detail());
            }
            long[] times = finishedAt.stream().mapToLong(Long::longValue).toArray();
            for (int i = 1; i < times.length; i++) {
                assertTrue(times[i] >= times[i - 1], "completed in deadline order");
            }
            assertTrue(times[0] >= 100 * MS, "the first not before its 100 ms");
            assertTrue(times[times.length - 1] < 880 * MS + 500 * MS, "the last within 500 ms of its 880 ms deadline");
            assertEquals(40, released.size(), "every probe handed back once");
            for (TcpProbe p : released) {
                p.close();
            }
        }
    }

    @Test
    void aConnectThatCompletesLaterIsUpAndItsProbeIsReusable() throws Exception {
        try (FullBacklog server = new FullBacklog();
                ConnectLoop loop = new ConnectLoop("test-connect")) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            CountDownLatch back = new CountDownLatch(1);
            TcpProbe probe = pendingProbe(to);
            CompletableFuture<CheckResult> r = loop.await(probe, to, 5000 * MS, p -> back.countDown());
            server.drain(); // the SYN retransmitted about 1 s later gets in
            CheckResult result = r.get(5, TimeUnit.SECONDS);
            assertTrue(result.up(), result.detail());
            assertTrue(back.await(1, TimeUnit.SECONDS));
            // Handed back reset: the same socket connects again, now that the queue has room.
            int fd = probe.fd();
            assertEquals(TcpProbe.State.CONNECTED, probe.start());
            assertEquals(fd, probe.fd(), "the same socket");
            probe.close();
        }
    }

    @Test
    void aCancelledAttemptIsNotOverwrittenAndItsProbeComesBack() throws Exception {
        try (FullBacklog server = new FullBacklog();
                ConnectLoop loop = new ConnectLoop("test-connect")) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            CountDownLatch back = new CountDownLatch(1);
            TcpProbe probe = pendingProbe(to);
            CompletableFuture<CheckResult> r = loop.await(probe, to, 300 * MS, p -> back.countDown());
            assertTrue(r.cancel(false));
            assertTrue(back.await(2, TimeUnit.SECONDS), "the probe is handed back at the latest by its deadline");
            assertTrue(r.isCancelled());
            probe.close();
        }
    }

    @Test
    void stoppingEndsWhatWaitsAndRefusesNewWork() throws Exception {
        try (FullBacklog server = new FullBacklog()) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            ConnectLoop loop = new ConnectLoop("test-connect");
            TcpProbe waiting = pendingProbe(to);
            CompletableFuture<CheckResult> r = loop.await(waiting, to, 60_000 * MS, p -> {});
            long start = System.nanoTime();
            loop.close();
            CheckResult stopped = r.get(3, TimeUnit.SECONDS);
            assertEquals("checker runtime stopped", stopped.detail());
            assertTrue(System.nanoTime() - start < 2_500 * MS, "not left to its 60 s timeout");
            assertEquals(-1, waiting.fd(), "its socket is closed");

            TcpProbe late = pendingProbe(to);
            CheckResult refused = loop.await(late, to, 1000 * MS, p -> {}).getNow(null);
            assertEquals("checker runtime stopped", refused.detail(), "completed at once");
            assertEquals(-1, late.fd());
        }
    }
}
