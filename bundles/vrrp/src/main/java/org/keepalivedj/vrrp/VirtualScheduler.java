package org.keepalivedj.vrrp;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A scheduler on virtual time for deterministic tests: nothing runs until {@link #advance} moves
 * the clock; tasks due at the same instant run in the order they were scheduled. Single-threaded.
 */
public final class VirtualScheduler implements VrrpScheduler {

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
        public long dueNanos() {
            return due;
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
    public Timer schedule(long delayNanos, Runnable task) {
        Task t = new Task(now + Math.max(0, delayNanos), task);
        queue.add(t);
        return t;
    }

    /** Runs everything due within the duration, moving the clock to each task's time, then to the end. */
    public void advance(Duration d) {
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

    /** Runs what is due now (tasks scheduled with no delay). */
    public void runPending() {
        advance(Duration.ZERO);
    }

    public Duration elapsed() {
        return Duration.ofNanos(now);
    }
}
