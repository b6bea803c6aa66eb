package org.keepalivedj.lvs.internal;

/**
 * Time and timers for the engine. All engine state is touched only on the scheduler's one thread;
 * tests drive virtual time instead of real time.
 */
interface Scheduler {

    /** Monotonic time in nanoseconds. */
    long nanoTime();

    /** Wall-clock time in milliseconds, for what operators read (last check at). */
    long wallMillis();

    /** Runs the task once after the delay, on the scheduler's thread. */
    Timer schedule(long delayNanos, Runnable task);

    /**
     * {@link #schedule}, reusing a timer of this scheduler that has run (the previous turn of a timer
     * that re-arms itself every check), so that thousands of checks a second make no timer each; on
     * the scheduler's thread. A timer that has not run (cancelled, or still waiting) is not reused.
     */
    default Timer reschedule(Timer ran, long delayNanos, Runnable task) {
        return schedule(delayNanos, task);
    }

    /** Runs the task on the scheduler's thread as soon as possible (any thread may call this). */
    void execute(Runnable task);

    /** A scheduled task; cancel is idempotent. */
    interface Timer {
        void cancel();
    }
}
