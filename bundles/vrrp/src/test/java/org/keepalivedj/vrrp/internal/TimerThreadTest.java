package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.keepalivedj.testsupport.OsThread;

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
    void aRescheduledTimerIsReusedAndACancelledOneStillQueuedNeverRuns() throws Exception {
        try (TimerThread t = new TimerThread("test-timer")) {
            List<String> ran = new CopyOnWriteArrayList<>();
            CountDownLatch first = new CountDownLatch(1);
            TimerThread.Timer spent = t.schedule(1_000_000L, () -> {
                ran.add("first");
                first.countDown();
            });
            assertTrue(first.await(5, TimeUnit.SECONDS));
            // a timer that has run comes back as the new one: nothing allocated for the restart
            CountDownLatch second = new CountDownLatch(1);
            TimerThread.Timer again = t.reschedule(spent, 1_000_000L, () -> {
                ran.add("second");
                second.countDown();
            });
            assertSame(spent, again, "the spent timer was not reused");
            assertTrue(second.await(5, TimeUnit.SECONDS));
            // cancelled while still queued (a BACKUP's master-down timer restarted by an advert):
            // the old task leaves the queue, only the new one runs
            TimerThread.Timer queued = t.schedulePrecise(30_000_000L, () -> ran.add("cancelled"));
            queued.cancel();
            CountDownLatch third = new CountDownLatch(1);
            TimerThread.Timer restarted = t.reschedulePrecise(queued, 60_000_000L, () -> {
                ran.add("restarted");
                third.countDown();
            });
            assertTrue(third.await(5, TimeUnit.SECONDS));
            assertSame(queued, restarted, "the cancelled timer was not reused");
            assertEquals(List.of("first", "second", "restarted"), ran);
        }
    }

    // The two tests below need this thread to act inside the timer's 2 ms spin window; when the OS
    // deschedules it past the window an attempt proves nothing, so each tries up to ten times.

    @Test
    void aPreciseTimerNeverRunsEarlyAndLetsAnEarlierTaskArrivingDuringItsSpinRunFirst() throws Exception {
        boolean checked = false;
        for (int attempt = 0; attempt < 10 && !checked; attempt++) {
            try (TimerThread t = new TimerThread("test-timer")) {
                List<String> ran = new CopyOnWriteArrayList<>();
                CountDownLatch done = new CountDownLatch(1);
                long due = System.nanoTime() + 50_000_000L;
                long[] ranAt = new long[1];
                t.schedulePrecise(due - System.nanoTime(), () -> {
                    ranAt[0] = System.nanoTime();
                    ran.add("precise");
                    done.countDown();
                });
                // inside the spin window (the last 2 ms), an advert due before the deadline comes in
                spinUntil(due - 1_500_000L);
                TimerThread.Timer advert = t.schedule(due - 500_000L - System.nanoTime(), () -> ran.add("advert"));
                assertTrue(done.await(5, TimeUnit.SECONDS));
                assertTrue(ranAt[0] >= due, "ran " + (due - ranAt[0]) + " ns early");
                if (advert.dueNanos() < due) {
                    assertEquals(List.of("advert", "precise"), ran);
                    checked = true;
                }
            }
        }
        assumeTrue(checked, "this thread never got into the spin window in time; nothing to check");
    }

    @Test
    void aPreciseTimerCancelledDuringItsSpinDoesNotRun() throws Exception {
        boolean checked = false;
        for (int attempt = 0; attempt < 10 && !checked; attempt++) {
            try (TimerThread t = new TimerThread("test-timer")) {
                List<String> ran = new CopyOnWriteArrayList<>();
                long due = System.nanoTime() + 40_000_000L;
                TimerThread.Timer precise = t.schedulePrecise(due - System.nanoTime(), () -> ran.add("precise"));
                spinUntil(due - 1_000_000L);
                precise.cancel();
                // a precise timer never runs early, so a cancel made before it was due must win
                boolean beforeDue = System.nanoTime() < due;
                CountDownLatch done = new CountDownLatch(1);
                t.schedule(20_000_000L, done::countDown);
                assertTrue(done.await(5, TimeUnit.SECONDS));
                if (beforeDue) {
                    assertEquals(List.of(), ran);
                    checked = true;
                }
            }
        }
        assumeTrue(checked, "this thread never cancelled before the deadline; nothing to check");
    }

    private static void spinUntil(long nanos) {
        while (System.nanoTime() < nanos) {
            Thread.onSpinWait();
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

    @Test
    void anIdleThreadWakesOnlyForItsHeartbeat() throws Exception {
        try (TimerThread t = new TimerThread("idle-timer")) {
            CountDownLatch started = new CountDownLatch(1);
            t.execute(started::countDown);
            assertTrue(started.await(5, TimeUnit.SECONDS));
            OsThread thread = OsThread.named("idle-timer").get(0);
            long before = thread.voluntarySwitches();
            long from = System.nanoTime();
            Thread.sleep(2000);
            double perSecond = (thread.voluntarySwitches() - before) / ((System.nanoTime() - from) / 1e9);
            // the heartbeat every 100 ms: 10 wake-ups a second, where 50 ms made 20
            assertTrue(perSecond < 14, perSecond + " wake-ups a second");
            assertTrue(perSecond > 5, "the heartbeat still ticks: " + perSecond + " wake-ups a second");
        }
    }
}
