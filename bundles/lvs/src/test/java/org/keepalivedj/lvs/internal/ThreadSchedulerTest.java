package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
}
