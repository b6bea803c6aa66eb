package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.testsupport.OsThread;

/** The timing wheel on its real thread: order, no timer early, cancel, timers beyond one turn, a failing task. */
class ThreadSchedulerTest {
    private final ThreadScheduler scheduler = new ThreadScheduler("wheel-test");

    @AfterEach
    void close() {
        scheduler.close();
    }

    @Test
    void timersRunInTheOrderTheyFallDueAndNeverEarly() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(4);
        long[] late = new long[3];
        scheduler.runAndWait(
                () -> {
                    long t0 = System.nanoTime();
                    for (int ms : new int[] {30, 10, 20}) {
                        scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(ms), () -> {
                            late[ms / 10 - 1] = System.nanoTime() - t0 - TimeUnit.MILLISECONDS.toNanos(ms);
                            ran.add(ms + "ms");
                            all.countDown();
                        });
                    }
                    scheduler.schedule(0, () -> {
                        ran.add("now");
                        all.countDown();
                    });
                },
                5_000);
        assertTrue(all.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("now", "10ms", "20ms", "30ms"), ran);
        for (long l : late) {
            assertTrue(l >= 0, "a timer ran " + -l + " ns early");
        }
    }

    @Test
    void aTimerThatReArmsItselfIsOneTimerForEveryTurnButACancelledOneIsNotReused() throws Exception {
        int turns = 20;
        List<Scheduler.Timer> timers = new CopyOnWriteArrayList<>();
        List<Long> late = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Runnable[] task = new Runnable[1];
        long[] dueAt = new long[1];
        task[0] = () -> {
            late.add(System.nanoTime() - dueAt[0]);
            if (late.size() == turns) {
                done.countDown();
                return;
            }
            // the timer of this turn has run: the next turn's reuses it
            dueAt[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
            timers.add(scheduler.reschedule(timers.get(timers.size() - 1), TimeUnit.MILLISECONDS.toNanos(2), task[0]));
        };
        scheduler.runAndWait(
                () -> {
                    dueAt[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
                    timers.add(scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(2), task[0]));
                },
                5_000);
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(turns, late.size(), "each turn ran once");
        for (long l : late) {
            assertTrue(l >= 0, "a reused timer ran " + -l + " ns early");
        }
        assertEquals(1, timers.stream().distinct().count(), "one timer object for all turns");

        // a cancelled timer (it never ran) is not reused, and stays cancelled
        AtomicInteger cancelledRuns = new AtomicInteger();
        CountDownLatch fresh = new CountDownLatch(1);
        Scheduler.Timer[] pair = new Scheduler.Timer[2];
        scheduler.runAndWait(
                () -> {
                    pair[0] = scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(50), cancelledRuns::incrementAndGet);
                    pair[0].cancel();
                    pair[1] = scheduler.reschedule(pair[0], TimeUnit.MILLISECONDS.toNanos(1), fresh::countDown);
                },
                5_000);
        assertTrue(pair[1] != null && pair[1] != pair[0], "a new timer");
        assertTrue(fresh.await(5, TimeUnit.SECONDS));
        Thread.sleep(100); // past the cancelled timer's 50 ms
        assertEquals(0, cancelledRuns.get());
    }

    @Test
    void aCancelledTimerNeverRunsWhereverItIsCancelledFrom() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch after = new CountDownLatch(1);
        Scheduler.Timer[] offThread = new Scheduler.Timer[1];
        scheduler.runAndWait(
                () -> {
                    scheduler
                            .schedule(TimeUnit.MILLISECONDS.toNanos(20), () -> ran.add("cancelled on the thread"))
                            .cancel();
                    offThread[0] =
                            scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(40), () -> ran.add("cancelled elsewhere"));
                    scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(80), after::countDown);
                },
                5_000);
        offThread[0].cancel();
        offThread[0].cancel(); // idempotent
        assertTrue(after.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(), ran);
    }

    @Test
    void aTimerBeyondOneTurnOfTheWheelWaitsForItsTurn() throws Exception {
        CountDownLatch near = new CountDownLatch(1);
        CountDownLatch far = new CountDownLatch(1);
        long[] farAt = new long[1];
        long t0 = System.nanoTime();
        // 4.2 s lands in the same slot as 104 ms (one turn is 4.096 s): the slot's first run must leave it there
        scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(4_200), () -> {
            farAt[0] = System.nanoTime() - t0;
            far.countDown();
        });
        scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(104), near::countDown);
        assertTrue(near.await(5, TimeUnit.SECONDS));
        assertFalse(far.await(1, TimeUnit.SECONDS), "the far timer ran with the near one");
        assertTrue(far.await(10, TimeUnit.SECONDS));
        assertTrue(farAt[0] >= TimeUnit.MILLISECONDS.toNanos(4_200), "ran at " + farAt[0] + " ns");
    }

    @Test
    void aFailingTaskLeavesTheThreadRunning() throws Exception {
        CountDownLatch next = new CountDownLatch(1);
        scheduler.execute(() -> {
            throw new IllegalStateException("test: a task fails");
        });
        scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(5), next::countDown);
        assertTrue(next.await(10, TimeUnit.SECONDS));
    }

    @Test
    void tasksHandedOverWhileTimersTickRideOnTheTicksWakeUps() throws Exception {
        scheduler.close();
        // a name of its own: the other tests' closed schedulers' threads may not have ended yet
        ThreadScheduler scheduler = new ThreadScheduler("wheel-handover");
        try {
            handOversRideOnTicks(scheduler, awaitOsThread("wheel-handover"));
        } finally {
            scheduler.close();
        }
    }

    /** The scheduler's thread once it has started and the kernel knows its name. */
    private static OsThread awaitOsThread(String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<OsThread> found;
        while ((found = OsThread.named(name)).size() != 1) {
            assertTrue(System.nanoTime() < deadline, "one thread named " + name + ", found " + found.size());
            Thread.sleep(5);
        }
        return found.get(0);
    }

    private static void handOversRideOnTicks(ThreadScheduler scheduler, OsThread thread) throws Exception {
        AtomicBoolean ticking = new AtomicBoolean(true);
        // a timer every tick, as thousands of checks a second keep the thread (due in the next tick)
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (ticking.get()) {
                scheduler.schedule(1, tick[0]);
            }
        };
        scheduler.execute(tick[0]);
        long ticksOnly = switchesOver(thread, 1000, () -> {});
        AtomicInteger ran = new AtomicInteger();
        int handedOver = 400;
        long withHandOvers = switchesOver(thread, 1000, () -> {
            for (int i = 0; i < handedOver; i++) {
                scheduler.execute(ran::incrementAndGet);
                LockSupport.parkNanos(2_500_000L);
            }
        });
        ticking.set(false);
        CountDownLatch drained = new CountDownLatch(1);
        scheduler.execute(drained::countDown);
        assertTrue(drained.await(5, TimeUnit.SECONDS));
        assertEquals(handedOver, ran.get());
        // woken once per hand-over, the thread would switch about 400 times more
        assertTrue(
                withHandOvers - ticksOnly < handedOver / 4,
                "ticks alone: " + ticksOnly + " switches a second; with " + handedOver + " hand-overs: "
                        + withHandOvers);
    }

    /** The thread's voluntary context switches per second while work runs (at least millis long). */
    private static long switchesOver(OsThread thread, long millis, Runnable work) throws Exception {
        long before = thread.voluntarySwitches();
        long from = System.nanoTime();
        work.run();
        long left = millis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
        if (left > 0) {
            Thread.sleep(left);
        }
        double seconds = (System.nanoTime() - from) / 1e9;
        return Math.round((thread.voluntarySwitches() - before) / seconds);
    }
}
