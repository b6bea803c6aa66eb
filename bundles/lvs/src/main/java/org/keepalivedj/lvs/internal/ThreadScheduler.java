package org.keepalivedj.lvs.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.keepalivedj.netlink.NetworkNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real scheduler: one daemon thread for every checker of every real server, its timers on a
 * hashed timing wheel of 1 ms ticks. One wake-up of the thread runs every timer due in the ticks
 * passed since the last: with thousands of checks a second the thread wakes once per tick for a
 * batch, not once per check (a wake-up is a context switch, which cost more CPU than a loopback TCP
 * check), and adding or cancelling a timer is a link in a list, with no lock and no heap to sift. A
 * timer runs at most 1 ms later than asked. A task handed over from another thread (a check's
 * result, most often) wakes the thread only when it would otherwise sleep longer than {@link #HAND_OVER_SLACK_NANOS}:
 * with timers falling due every tick or two, results ride on the ticks' wake-ups instead of costing
 * one each (a wake-up of this thread and a futex call on the sender's side per check).
 */
final class ThreadScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadScheduler.class);

    static final long TICK_NANOS = 1_000_000L;
    /** One turn of the wheel, 4.096 s; a timer further away waits in its slot for its turn. */
    private static final int SLOTS = 4096;
    /** How much later than at once a task handed over from another thread may run. */
    static final long HAND_OVER_SLACK_NANOS = 2 * TICK_NANOS;
    /** The longest the thread sleeps: its heartbeat for the core watchdog. */
    private static final long HEARTBEAT_NANOS = 100_000_000L;

    private final String threadName;
    private final Thread thread;
    private final long origin = System.nanoTime();
    /** Heads of the slots' lists of timers; scheduler thread only. */
    private final Entry[] slots = new Entry[SLOTS];
    /** Tasks handed over by {@link #execute} from any thread. */
    private final Queue<Runnable> submitted = new ConcurrentLinkedQueue<>();
    /** Timers due now, in the order they were asked for; scheduler thread only. */
    private final ArrayDeque<Entry> due = new ArrayDeque<>();
    /** The next tick whose slot has not been run; scheduler thread only. */
    private long tick;

    private int timers;
    private volatile boolean parked;
    /** While parked: when the thread wakes by itself. */
    private volatile long parkedUntilNanos;

    private volatile boolean closed;
    private volatile long lastTickNanos = System.nanoTime();

    ThreadScheduler(String threadName) {
        this(threadName, null);
    }

    /**
     * With the thread in this network namespace (null: the namespace of the thread that makes this
     * scheduler): the checks' sockets are made on it, so they belong there.
     */
    ThreadScheduler(String threadName, String namespace) {
        this.threadName = threadName;
        this.tick = ticks(origin);
        thread = new Thread(
                () -> {
                    if (namespace != null) {
                        NetworkNamespace.enter(namespace);
                    }
                    loop();
                },
                threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** This thread's heartbeat for the core watchdog. */
    org.keepalivedj.api.daemon.Heartbeat heartbeat() {
        return new org.keepalivedj.api.daemon.Heartbeat() {
            @Override
            public String name() {
                return threadName;
            }

            @Override
            public long lastTickNanos() {
                return lastTickNanos;
            }
        };
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long wallMillis() {
        return System.currentTimeMillis();
    }

    /** A timer on the wheel: a link in its slot's list while it waits. */
    private final class Entry implements Timer {
        final Runnable task;
        /** The tick it falls due in; -1 once it ran or was cancelled. */
        long dueTick;

        Entry previous;
        Entry next;
        volatile boolean cancelled;
        /** It ran, and is in no list or queue: {@link #reschedule} may use it again. */
        boolean ran;

        Entry(Runnable task, long dueTick) {
            this.task = task;
            this.dueTick = dueTick;
        }

        ThreadScheduler scheduler() {
            return ThreadScheduler.this;
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            if (Thread.currentThread() == thread) {
                unlink(this);
            } // elsewhere the flag is enough: the thread drops it when it falls due
        }
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        long now = System.nanoTime();
        // the due time rounded up to the grid; a timer due now runs after what is running
        Entry e = new Entry(task, delayNanos <= 0 ? -2 : ticks(now + delayNanos + TICK_NANOS - 1));
        if (Thread.currentThread() == thread) {
            add(e);
        } else {
            execute(() -> add(e));
        }
        return e;
    }

    @Override
    public Timer reschedule(Timer ran, long delayNanos, Runnable task) {
        if (!(ran instanceof Entry e)
                || e.scheduler() != this
                || !e.ran
                || e.task != task
                || Thread.currentThread() != thread) {
            return schedule(delayNanos, task);
        }
        e.ran = false;
        e.cancelled = false;
        e.dueTick = delayNanos <= 0 ? -2 : ticks(System.nanoTime() + delayNanos + TICK_NANOS - 1);
        add(e);
        return e;
    }

    @Override
    public void execute(Runnable task) {
        if (closed) {
            return;
        }
        submitted.add(task);
        if (parked && parkedUntilNanos - System.nanoTime() > HAND_OVER_SLACK_NANOS) {
            LockSupport.unpark(thread);
        }
    }

    /** Runs the task on the scheduler thread and waits for it (bounded), for stop and tests. */
    void runAndWait(Runnable task, long timeoutMillis) {
        if (closed) {
            return;
        }
        FutureTask<Void> f = new FutureTask<>(task, null);
        execute(f);
        try {
            f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Health-check thread did not finish a task in {} ms", timeoutMillis, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    private long ticks(long nanos) {
        return (nanos - origin) / TICK_NANOS;
    }

    private void add(Entry e) {
        if (e.cancelled) {
            return;
        }
        if (e.dueTick < tick) {
            e.dueTick = -1;
            due.add(e);
            return;
        }
        int slot = (int) (e.dueTick & (SLOTS - 1));
        Entry head = slots[slot];
        e.next = head;
        if (head != null) {
            head.previous = e;
        }
        slots[slot] = e;
        timers++;
    }

    private void unlink(Entry e) {
        if (e.dueTick < 0) {
            return; // ran, runs now (the flag stops it) or never got onto the wheel
        }
        int slot = (int) (e.dueTick & (SLOTS - 1));
        if (e.previous != null) {
            e.previous.next = e.next;
        } else if (slots[slot] == e) {
            slots[slot] = e.next;
        }
        if (e.next != null) {
            e.next.previous = e.previous;
        }
        e.previous = null;
        e.next = null;
        e.dueTick = -1;
        timers--;
    }

    private void loop() {
        while (!closed) {
            long now = System.nanoTime();
            lastTickNanos = now;
            runSubmitted();
            long nowTick = ticks(now);
            while (tick <= nowTick && !closed) {
                collect(tick++);
                runDue();
                runSubmitted();
            }
            if (!submitted.isEmpty()) {
                continue;
            }
            long wake = origin + nextDueTick() * TICK_NANOS;
            long sleep = Math.min(wake - System.nanoTime(), HEARTBEAT_NANOS);
            if (sleep > 0) {
                parkedUntilNanos = System.nanoTime() + sleep;
                parked = true;
                if (submitted.isEmpty() && !closed) {
                    LockSupport.parkNanos(this, sleep);
                }
                parked = false;
            }
        }
        submitted.clear();
    }

    /** Moves the timers of this tick's slot that are due in it onto the due list. */
    private void collect(long t) {
        int slot = (int) (t & (SLOTS - 1));
        for (Entry e = slots[slot]; e != null; ) {
            Entry after = e.next;
            if (e.dueTick <= t) {
                unlink(e);
                due.add(e);
            }
            e = after;
        }
    }

    /** The first tick from {@link #tick} with a timer due in it, at most one turn ahead. */
    private long nextDueTick() {
        if (timers == 0) {
            return tick + SLOTS;
        }
        for (long t = tick; t < tick + SLOTS; t++) {
            for (Entry e = slots[(int) (t & (SLOTS - 1))]; e != null; e = e.next) {
                if (e.dueTick <= t) {
                    return t;
                }
            }
        }
        return tick + SLOTS;
    }

    private void runDue() {
        Entry e;
        while ((e = due.poll()) != null) {
            e.dueTick = -1;
            if (!e.cancelled) {
                e.cancelled = true; // ran: a later cancel does nothing
                e.ran = true;
                run(e.task);
            }
        }
    }

    /** Runs what other threads handed over, and what those tasks asked to run at once. */
    private void runSubmitted() {
        runDue();
        for (Runnable r = submitted.poll(); r != null; r = submitted.poll()) {
            run(r);
            runDue();
        }
    }

    /** A task that throws must not kill the one thread every check runs on. */
    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("Health-check task failed", e);
        }
    }
}
