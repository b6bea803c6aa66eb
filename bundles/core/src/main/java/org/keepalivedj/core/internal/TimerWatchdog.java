package org.keepalivedj.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.keepalivedj.api.daemon.Heartbeat;
import org.keepalivedj.api.daemon.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the age of every timer thread's last tick on its own thread. A thread whose tick is older
 * than the stall limit is logged once when noticed and again, with the stall's length, when it ticks
 * again. healthy() reads the ages live, so a caller never gets a stale answer.
 */
final class TimerWatchdog implements Watchdog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TimerWatchdog.class);

    private final Supplier<List<Heartbeat>> heartbeats;
    private final long limitNanos;
    private final ScheduledExecutorService checker;
    /** Per stalled thread: its last tick before the stall, and when the stall was noticed. */
    private final Map<String, Noticed> stalled = new HashMap<>();

    private volatile Stall lastStall;

    private record Noticed(long tickBefore, Instant seenAt) {}

    TimerWatchdog(Supplier<List<Heartbeat>> heartbeats, Duration stallLimit, Duration checkEvery) {
        this.heartbeats = heartbeats;
        this.limitNanos = stallLimit.toNanos();
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keepalived-watchdog");
            t.setDaemon(true);
            return t;
        });
        long every = checkEvery.toNanos();
        checker.scheduleWithFixedDelay(this::checkGuarded, every, every, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean healthy() {
        long now = System.nanoTime();
        return heartbeats.get().stream().noneMatch(h -> now - h.lastTickNanos() > limitNanos);
    }

    @Override
    public Optional<Stall> lastStall() {
        return Optional.ofNullable(lastStall);
    }

    private void checkGuarded() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.error("Watchdog check failed", e); // keep checking: the next round may do better
        }
    }

    /** One round over every heartbeat (on the watchdog thread). */
    void check() {
        long now = System.nanoTime();
        for (Heartbeat h : heartbeats.get()) {
            long tick = h.lastTickNanos();
            long age = now - tick;
            Noticed n = stalled.get(h.name());
            if (age > limitNanos) {
                if (n == null) {
                    n = new Noticed(tick, Instant.now());
                    stalled.put(h.name(), n);
                    LOG.warn(
                            "Timer thread {} has not ticked for {} ms: stalled (a blocked task, or the JVM paused)",
                            h.name(),
                            age / 1_000_000);
                }
                lastStall = new Stall(h.name(), Duration.ofNanos(age), n.seenAt(), true);
            } else if (n != null && tick != n.tickBefore()) {
                stalled.remove(h.name());
                Duration length = Duration.ofNanos(tick - n.tickBefore());
                lastStall = new Stall(h.name(), length, n.seenAt(), false);
                LOG.warn("Timer thread {} ticks again after a stall of {} ms", h.name(), length.toMillis());
            }
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
