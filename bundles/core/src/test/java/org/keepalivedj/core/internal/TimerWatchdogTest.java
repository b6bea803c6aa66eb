package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.daemon.Heartbeat;
import org.keepalivedj.api.daemon.Watchdog;

/** A real timer thread ticking every 20 ms, then blocked by a task, then released. */
class TimerWatchdogTest {

    /** A real single-thread scheduler with a heartbeat, like the checker scheduler's. */
    private static final class TickingThread implements Heartbeat, AutoCloseable {
        final ScheduledExecutorService executor =
                Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ticker"));
        volatile long last = System.nanoTime();

        TickingThread() {
            executor.scheduleWithFixedDelay(() -> last = System.nanoTime(), 0, 20, TimeUnit.MILLISECONDS);
        }

        @Override
        public String name() {
            return "ticker";
        }

        @Override
        public long lastTickNanos() {
            return last;
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    @Test
    void aBlockedTimerThreadIsUnhealthyWhileStalledThenReportedWithItsLength() throws Exception {
        try (TickingThread ticker = new TickingThread();
                TimerWatchdog watchdog =
                        new TimerWatchdog(() -> List.of(ticker), Duration.ofMillis(400), Duration.ofMillis(50))) {
            await(watchdog::healthy, "healthy while ticking");
            assertTrue(watchdog.lastStall().isEmpty());

            CountDownLatch release = new CountDownLatch(1);
            // taken on the ticker thread as it blocks: its last tick was before this instant
            java.util.concurrent.atomic.AtomicLong blockedAt =
                    new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
            ticker.executor.execute(() -> {
                blockedAt.set(System.nanoTime());
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await(() -> !watchdog.healthy(), "unhealthy once the thread stops ticking");
            await(() -> watchdog.lastStall().map(Watchdog.Stall::ongoing).orElse(false), "an ongoing stall");
            assertEquals("ticker", watchdog.lastStall().orElseThrow().thread());
            // hold the stall for a known minimum, then let the thread go
            await(() -> System.nanoTime() - blockedAt.get() > TimeUnit.MILLISECONDS.toNanos(1000), "a second of stall");
            release.countDown();

            await(watchdog::healthy, "healthy again once it ticks");
            await(() -> watchdog.lastStall().map(s -> !s.ongoing()).orElse(false), "the stall reported as over");
            Watchdog.Stall stall = watchdog.lastStall().orElseThrow();
            assertTrue(stall.length().toMillis() >= 1000, "stall length " + stall.length());
            assertFalse(stall.ongoing());
        }
    }

    @Test
    void noHeartbeatsIsHealthy() {
        try (TimerWatchdog watchdog = new TimerWatchdog(List::of, Duration.ofMillis(100), Duration.ofMillis(50))) {
            assertTrue(watchdog.healthy());
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
