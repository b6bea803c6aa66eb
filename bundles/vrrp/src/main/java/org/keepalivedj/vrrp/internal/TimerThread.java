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
    /**
     * The heartbeat's period: an idle thread wakes this often (10 times a second), for the core
     * watchdog (its stall limit is 1.5 s by default) and the stall detector (which then sees any
     * stall over 350 ms even with no timer due).
     */
    private static final long HEARTBEAT_NANOS = 100_000_000L;

    private static final long PAUSE_NANOS = 250_000_000L;
    /** How early the thread wakes for a precise timer; the rest is spun (a wake-up from sleep is often later). */
    private static final long SPIN_NANOS = 2_000_000L;
    /**
     * How early an ordinary task (an advert, a poll) may run when the thread is awake anyway: the
     * adverts of many instances fall due a few microseconds apart, and one wake-up then sends them
     * all instead of one wake-up each. Precise timers (Master_Down) never run early.
     */
    private static final long COALESCE_NANOS = 500_000L;

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

    /**
     * When the heartbeat is next due (timer thread only). It is no task of its own: it ticks on
     * any turn of the loop in the last half of its period, so a thread woken by adverts anyway
     * wakes no extra time for it, and it wakes the thread itself only when nothing else did.
     */
    private long heartbeatDue = System.nanoTime() + HEARTBEAT_NANOS;

    private final class Task implements Timer, Comparable<Task> {
        // written under the lock, and only while the task is in no queue
        long due;
        long order;
        Runnable action;
        volatile boolean cancelled;
        /** In a queue (under the lock): a task is reused only once it is out. */
        boolean queued;

        boolean isPrecise;

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

        TimerThread owner() {
            return TimerThread.this;
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
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Timer schedule(long delayNanos, Runnable action) {
        return add(null, delayNanos, action, false);
    }

    @Override
    public Timer schedulePrecise(long delayNanos, Runnable action) {
        return add(null, delayNanos, action, true);
    }

    @Override
    public Timer reschedule(Timer spent, long delayNanos, Runnable action) {
        return add(spent, delayNanos, action, false);
    }

    @Override
    public Timer reschedulePrecise(Timer spent, long delayNanos, Runnable action) {
        return add(spent, delayNanos, action, true);
    }

    private Task add(Timer spent, long delayNanos, Runnable action, boolean isPrecise) {
        lock.lock();
        try {
            long due = System.nanoTime() + Math.max(0, delayNanos);
            Task t;
            if (spent instanceof Task reuse && reuse.owner() == this) {
                t = reuse;
                if (t.queued) {
                    // cancelled and not yet dropped from the head (a BACKUP's master-down timer
                    // restarted by each advert): out of the queue now, so it does not pile up
                    (t.isPrecise ? precise : queue).remove(t);
                }
                t.due = due;
                t.order = sequence++;
                t.action = action;
                t.cancelled = false;
            } else {
                t = new Task(due, sequence++, action);
            }
            t.queued = true;
            t.isPrecise = isPrecise;
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

    /** Ticks the heartbeat when it is in the last half of its period; a late one counts as a late task. */
    private void heartbeat(long now) {
        if (now - heartbeatDue < -HEARTBEAT_NANOS / 2) {
            return;
        }
        if (now > heartbeatDue) {
            ranLate(heartbeatDue, now - heartbeatDue);
        }
        lastTickNanos = now;
        heartbeatDue = now + HEARTBEAT_NANOS;
    }

    /** Counts a task (or the heartbeat) that ran late by this much; a long stall is logged once. */
    private void ranLate(long due, long late) {
        maxLatenessNanos.accumulateAndGet(late, Math::max);
        if (late <= PAUSE_NANOS) {
            return;
        }
        // the stall lasted as long as the latest of its tasks was late
        longestPauseNanos.accumulateAndGet(late, Math::max);
        // tasks that fell due during a stall already reported belong to that stall
        if (due > lastStallSeenAt) {
            lastStallSeenAt = System.nanoTime();
            pauses.incrementAndGet();
            LOG.warn("VRRP timer thread ran {} ms late: the JVM or the process was paused", late / 1_000_000);
        }
    }

    /** This thread's heartbeat (ticks every 100 ms) for the core watchdog. */
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
            // read under the lock: once out of its queue a task may be reused by its holder
            long nextDue = 0;
            Runnable action = null;
            Task spinFor = null;
            long seenHead = 0;
            lock.lock();
            try {
                dropCancelledHeads();
                Task normal = queue.peek();
                Task exact = precise.peek();
                long now = System.nanoTime();
                heartbeat(now);
                if (normal != null
                        && normal.due - COALESCE_NANOS <= now
                        && (exact == null || normal.compareTo(exact) <= 0 || exact.due - now > SPIN_NANOS)) {
                    next = queue.poll();
                } else if (exact != null && exact.due <= now) {
                    next = precise.poll();
                } else if (exact != null && exact.due - now <= SPIN_NANOS) {
                    spinFor = exact;
                    seenHead = headChanges;
                } else {
                    // sleep until the next task, or until a precise timer's spin window opens
                    long wakeAt = heartbeatDue;
                    if (normal != null) {
                        wakeAt = Math.min(wakeAt, normal.due);
                    }
                    if (exact != null) {
                        wakeAt = Math.min(wakeAt, exact.due - SPIN_NANOS);
                    }
                    changed.awaitNanos(wakeAt - now);
                    continue;
                }
                if (next != null) {
                    next.queued = false;
                    nextDue = next.due;
                    action = next.action;
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
            ranLate(nextDue, Math.max(0, System.nanoTime() - nextDue));
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                LOG.error("VRRP timer task failed", e);
            }
            tasksRun.incrementAndGet();
        }
    }

    private void dropCancelledHeads() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll().queued = false;
        }
        while (!precise.isEmpty() && precise.peek().cancelled) {
            precise.poll().queued = false;
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
