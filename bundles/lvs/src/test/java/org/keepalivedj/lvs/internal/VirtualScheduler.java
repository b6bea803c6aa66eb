package org.keepalivedj.lvs.internal;

import java.time.Duration;
import java.util.PriorityQueue;

/** Virtual time for tests: nothing runs until {@link #advance}; same-instant tasks run in scheduling order. */
final class VirtualScheduler implements Scheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    private final class Task implements Timer, Comparable<Task> {
        final long due;
        final long order = sequence++;
        final Runnable action;
        boolean cancelled;

        Task(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
        }
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long wallMillis() {
        return 1_700_000_000_000L + now / 1_000_000;
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        Task t = new Task(now + Math.max(0, delayNanos), task);
        queue.add(t);
        return t;
    }

    /** How long a hand-over from another thread waits, to model a busy engine thread (0: none). */
    long executeDelayNanos;

    @Override
    public void execute(Runnable task) {
        schedule(executeDelayNanos, task);
    }

    void advance(Duration d) {
        long end = now + d.toNanos();
        while (!queue.isEmpty() && queue.peek().due <= end) {
            Task t = queue.poll();
            now = Math.max(now, t.due);
            if (!t.cancelled) {
                t.action.run();
            }
        }
        now = end;
    }

    void advanceSeconds(double s) {
        advance(Duration.ofNanos((long) (s * 1e9)));
    }

    void runPending() {
        advance(Duration.ZERO);
    }

    double seconds() {
        return now / 1e9;
    }
}
