package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real timer thread: order, cancellation, and a stall seen as a pause with its length. */
class TimerThreadTest {

    @Test
    void runsTasksInDueOrderAndSkipsCancelledOnes() throws Exception {
        try (TimerThread t = new TimerThread("test-timer")) {
            List<Integer> ran = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            t.schedule(30_000_000L, () -> ran.add(3));
            t.schedule(10_000_000L, () -> ran.add(1));
            t.schedule(20_000_000L, () -> ran.add(2)).cancel();
            t.schedule(40_000_000L, done::countDown);
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(List.of(1, 3), ran);
        }
    }

    @Test
    void aStalledThreadIsReportedAsAPause() throws Exception {
        try (TimerThread t = new TimerThread("test-timer")) {
            CountDownLatch done = new CountDownLatch(1);
            // the stall: one task holds the thread for 400 ms, as a long JVM pause would
            t.execute(() -> {
                long end = System.nanoTime() + 400_000_000L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            });
            t.schedule(10_000_000L, done::countDown);
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(1, t.pauses());
            assertTrue(t.longestPauseNanos() >= 300_000_000L, "pause " + t.longestPauseNanos());
        }
    }
}
