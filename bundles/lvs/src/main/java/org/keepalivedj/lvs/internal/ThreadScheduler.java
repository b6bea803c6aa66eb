package org.keepalivedj.lvs.internal;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.keepalivedj.netlink.NetworkNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real scheduler: one daemon thread for every checker of every real server. */
final class ThreadScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadScheduler.class);

    private final ScheduledThreadPoolExecutor executor;
    private final String threadName;
    private volatile long lastTickNanos = System.nanoTime();

    ThreadScheduler(String threadName) {
        this(threadName, null);
    }

    /**
     * With the thread in this network namespace (null: the namespace of the thread that gives it its
     * first task): the checks' sockets are made on it, so they belong there.
     */
    ThreadScheduler(String threadName, String namespace) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Runnable body = namespace == null
                    ? r
                    : () -> {
                        NetworkNamespace.enter(namespace);
                        r.run();
                    };
            Thread t = new Thread(body, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.threadName = threadName;
        // a tick every 100 ms: a check task that blocks the one thread stops it, and the watchdog sees that
        executor.scheduleWithFixedDelay(() -> lastTickNanos = System.nanoTime(), 100, 100, TimeUnit.MILLISECONDS);
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

    /**
     * Delayed tasks fall due on a 1 ms grid: with thousands of checks a second, the thread then wakes
     * once per tick for a batch instead of once per check (each wake-up is a context switch, which cost
     * more CPU than a loopback TCP check itself). A check is at most 1 ms later than asked.
     */
    static final long TICK_NANOS = 1_000_000L;

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        long delay = Math.max(0, delayNanos);
        if (delay > 0) {
            long due = System.nanoTime() + delay;
            delay += Math.floorMod(-due, TICK_NANOS); // round the due time up to the grid
        }
        var future = executor.schedule(guarded(task), delay, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        if (!executor.isShutdown()) {
            executor.execute(guarded(task));
        }
    }

    /** A task that throws must not kill the one thread every check runs on. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("Health-check task failed", e);
            }
        };
    }

    /** Runs the task on the scheduler thread and waits for it (bounded), for stop and tests. */
    void runAndWait(Runnable task, long timeoutMillis) {
        if (executor.isShutdown()) {
            return;
        }
        try {
            executor.submit(guarded(task)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Health-check thread did not finish a task in {} ms", timeoutMillis, e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
