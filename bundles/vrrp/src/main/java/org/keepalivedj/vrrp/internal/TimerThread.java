package org.keepalivedj.vrrp.internal;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.keepalivedj.vrrp.VrrpScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that runs every VRRP timer and state change. It measures how late each task
 * runs; a heartbeat makes sure a long stall (a JVM pause, a stopped process) is seen and logged
 * with its length even when no instance timer was due.
 */
public final class TimerThread implements VrrpScheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TimerThread.class);
    private static final long HEARTBEAT_NANOS = 50_000_000L;
    private static final long PAUSE_NANOS = 250_000_000L;
    /** How early the thread wakes for a precise timer; the rest is spun (a wake-up from sleep is often later). */
    private static final long SPIN_NANOS = 2_000_000L;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    /**
     * Precise timers (Master_Down) in their own queue, so the thread knows the next one even when other
     * tasks come first, and never sleeps through its spin window for them.
     */
    private final PriorityQueue<Task> precise = new PriorityQueue<>();

    private final Thread thread;
    private final AtomicLong maxLatenessNanos = new AtomicLong();
    private final AtomicLong tasksRun = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    private final AtomicLong longestPauseNanos = new AtomicLong();
    private long sequence;
    /** Bumped whenever a new task goes to the head of the queue: a spin for a precise timer stops to look. */
    private volatile long headChanges;

    private long lastStallSeenAt = Long.MIN_VALUE;
    private volatile boolean running = true;
    /** When the heartbeat last ran: the core watchdog reads its age. */
    private volatile long lastTickNanos = System.nanoTime();

    private final class Task implements Timer, Comparable<Task> {
        final long due;
        final long order;
        final Runnable action;
        volatile boolean cancelled;

        Task(long due, long order, Runnable action) {
            this.due = due;
            this.order = order;
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

    public TimerThread(String name) {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
        schedule(HEARTBEAT_NANOS, this::heartbeat);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Timer schedule(long delayNanos, Runnable action) {
        return add(delayNanos, action, false);
    }

    @Override
    public Timer schedulePrecise(long delayNanos, Runnable action) {
        return add(delayNanos, action, true);
    }

    private Task add(long delayNanos, Runnable action, boolean isPrecise) {
        lock.lock();
        try {
            Task t = new Task(System.nanoTime() + Math.max(0, delayNanos), sequence++, action);
            PriorityQueue<Task> q = isPrecise ? precise : queue;
            q.add(t);
            if (q.peek() == t) {
                headChanges++;
                changed.signal();
            }
            return t;
        } finally {
            lock.unlock();
        }
    }

    /** True when called on the timer thread itself. */
    public boolean onTimerThread() {
        return Thread.currentThread() == thread;
    }

    private void heartbeat() {
        lastTickNanos = System.nanoTime();
        schedule(HEARTBEAT_NANOS, this::heartbeat);
    }

    /** This thread's heartbeat (ticks every 50 ms) for the core watchdog. */
    public org.keepalivedj.api.daemon.Heartbeat heartbeatView() {
        String name = thread.getName();
        return new org.keepalivedj.api.daemon.Heartbeat() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long lastTickNanos() {
                return lastTickNanos;
            }
        };
    }

    private void loop() {
        while (running) {
            Task next = null;
            Task spinFor = null;
            long seenHead = 0;
            lock.lock();
            try {
                dropCancelledHeads();
                Task normal = queue.peek();
                Task exact = precise.peek();
                long now = System.nanoTime();
                if (normal != null && normal.due <= now && (exact == null || normal.compareTo(exact) <= 0)) {
                    next = queue.poll();
                } else if (exact != null && exact.due <= now) {
                    next = precise.poll();
                } else if (exact != null && exact.due - now <= SPIN_NANOS) {
                    spinFor = exact;
                    seenHead = headChanges;
                } else {
                    // sleep until the next task, or until a precise timer's spin window opens
                    long wakeAt = now + TimeUnit.SECONDS.toNanos(1);
                    if (normal != null) {
                        wakeAt = Math.min(wakeAt, normal.due);
                    }
                    if (exact != null) {
                        wakeAt = Math.min(wakeAt, exact.due - SPIN_NANOS);
                    }
                    changed.awaitNanos(wakeAt - now);
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            if (spinFor != null) {
                spinUntilDue(spinFor, seenHead, peekDue());
                continue;
            }
            if (next.cancelled) {
                continue;
            }
            long late = System.nanoTime() - next.due;
            maxLatenessNanos.accumulateAndGet(late, Math::max);
            // tasks that fell due during a stall already reported belong to that stall
            if (late > PAUSE_NANOS && next.due > lastStallSeenAt) {
                lastStallSeenAt = System.nanoTime();
                pauses.incrementAndGet();
                longestPauseNanos.accumulateAndGet(late, Math::max);
                LOG.warn("VRRP timer thread ran {} ms late: the JVM or the process was paused", late / 1_000_000);
            }
            try {
                next.action.run();
            } catch (RuntimeException | Error e) {
                LOG.error("VRRP timer task failed", e);
            }
            tasksRun.incrementAndGet();
        }
    }

    private void dropCancelledHeads() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
        }
        while (!precise.isEmpty() && precise.peek().cancelled) {
            precise.poll();
        }
    }

    private long peekDue() {
        lock.lock();
        try {
            Task t = queue.peek();
            return t == null ? Long.MAX_VALUE : t.due;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits on the CPU until the precise task is due, it is cancelled, another task falls due first
     * (then it runs and the spin resumes), or a new task arrives at the head of a queue (an advert).
     */
    private void spinUntilDue(Task task, long seenHead, long otherDue) {
        long until = Math.min(task.due, otherDue);
        while (running && !task.cancelled && headChanges == seenHead && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** The latest a task has run after its due time, in nanoseconds. */
    public long maxLatenessNanos() {
        return maxLatenessNanos.get();
    }

    /** Stalls longer than 250 ms seen so far. */
    public long pauses() {
        return pauses.get();
    }

    public long longestPauseNanos() {
        return longestPauseNanos.get();
    }

    /** Runs the task on the timer thread and waits for it (runs it directly when already there). */
    public void runAndWait(Runnable task) {
        if (onTimerThread()) {
            task.run();
            return;
        }
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the VRRP timer thread", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("VRRP timer task failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("VRRP timer thread did not answer within 30 s", e);
        }
    }

    @Override
    public void close() {
        running = false;
        lock.lock();
        try {
            changed.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
