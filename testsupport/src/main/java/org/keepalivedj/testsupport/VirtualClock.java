package org.keepalivedj.testsupport;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * Virtual time for deterministic tests: nothing runs until {@link #advance} moves the clock; tasks
 * due at the same instant run in the order they were scheduled. Single-threaded. A module's virtual
 * scheduler extends it and hands out its own timer type for {@link Task}.
 */
public class VirtualClock {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    /** A task on the clock; cancel is idempotent and a no-op once it ran. */
    public final class Task implements Comparable<Task> {
        private final long due;
        private final long order = sequence++;
        private final Runnable action;
        private boolean cancelled;

        private Task(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        public void cancel() {
            cancelled = true;
        }

        /** When it runs (clock time). */
        public long dueNanos() {
            return due;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
        }
    }

    public long nanoTime() {
        return now;
    }

    /** Runs the action once after the delay (a negative one counts as none). */
    public Task at(long delayNanos, Runnable action) {
        Task t = new Task(now + Math.max(0, delayNanos), action);
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
