package org.keepalivedj.vrrp;

/**
 * Time and timers for the VRRP engine. Everything the state machine does runs on the scheduler's
 * one thread; tests drive a virtual scheduler instead of real time.
 */
public interface VrrpScheduler {

    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Runs the task once after the delay (from now), on the scheduler's thread. */
    Timer schedule(long delayNanos, Runnable task);

    /**
     * Like {@link #schedule}, for a deadline whose lateness is the failover time (Master_Down_Interval):
     * the real scheduler wakes a little early and waits out the rest on the CPU. Such timers only run
     * out when a master has gone quiet, so the cost is paid once per failover.
     */
    default Timer schedulePrecise(long delayNanos, Runnable task) {
        return schedule(delayNanos, task);
    }

    /**
     * Like {@link #schedule}, and may reuse {@code spent}, a timer of this scheduler that has run or
     * been cancelled (or null), for the new one: a timer restarted every advert interval then
     * allocates nothing. The caller must hold no other reference to {@code spent}.
     */
    default Timer reschedule(Timer spent, long delayNanos, Runnable task) {
        return schedule(delayNanos, task);
    }

    /** As {@link #reschedule}, for a {@link #schedulePrecise} timer. */
    default Timer reschedulePrecise(Timer spent, long delayNanos, Runnable task) {
        return schedulePrecise(delayNanos, task);
    }

    /** Runs the task on the scheduler's thread as soon as possible. */
    default void execute(Runnable task) {
        schedule(0, task);
    }

    /** A scheduled task; cancel is idempotent and a no-op once it ran. */
    interface Timer {
        void cancel();

        /** When it fires (scheduler time). */
        long dueNanos();
    }
}
