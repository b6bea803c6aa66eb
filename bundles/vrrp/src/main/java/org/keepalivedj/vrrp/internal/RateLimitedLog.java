package org.keepalivedj.vrrp.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.keepalivedj.vrrp.VrrpScheduler;

/**
 * Log lines about an event that can repeat many times a second (a dropped advert), limited per key:
 * the first is written at once; the ones that follow within the interval are only counted, and when
 * the interval ends one line gives the last of them with the count. A key that stayed quiet for a
 * whole interval starts again: its next event is written at once. Used on the scheduler's thread only.
 */
final class RateLimitedLog {

    private final VrrpScheduler scheduler;
    private final long intervalNanos;
    private final String intervalText;
    private final Map<String, Window> windows = new HashMap<>();

    /** One key's current interval: what was held back in it. */
    private static final class Window {
        long startNanos;
        long held;
        String last;
        Consumer<String> out;
        VrrpScheduler.Timer end;
    }

    RateLimitedLog(VrrpScheduler scheduler, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("rate limit interval must be positive, not " + interval);
        }
        this.scheduler = scheduler;
        this.intervalNanos = interval.toNanos();
        this.intervalText = seconds(intervalNanos);
    }

    /** Writes line to out now, or counts it when a line of this key was written within the interval. */
    void report(String key, String line, Consumer<String> out) {
        Window w = windows.get(key);
        if (w != null) {
            w.held++;
            w.last = line;
            w.out = out;
            return;
        }
        out.accept(line);
        w = new Window();
        w.startNanos = scheduler.nanoTime();
        w.out = out;
        windows.put(key, w);
        Window started = w;
        w.end = scheduler.schedule(intervalNanos, () -> intervalEnded(key, started));
    }

    private void intervalEnded(String key, Window w) {
        if (windows.get(key) != w) {
            return;
        }
        if (w.held == 0) {
            windows.remove(key);
            return;
        }
        w.out.accept(w.last + " (" + w.held + " more in the last " + intervalText + " s)");
        w.held = 0;
        w.startNanos = scheduler.nanoTime();
        w.end = scheduler.schedule(intervalNanos, () -> intervalEnded(key, w));
    }

    /** Writes the counts held back so far (the owner stops) and forgets every key. */
    void close() {
        long now = scheduler.nanoTime();
        for (Window w : windows.values()) {
            w.end.cancel();
            if (w.held > 0) {
                w.out.accept(w.last + " (" + w.held + " more in the last " + seconds(now - w.startNanos) + " s)");
            }
        }
        windows.clear();
    }

    private static String seconds(long nanos) {
        return BigDecimal.valueOf(Math.max(0, nanos / 1_000_000), 3)
                .stripTrailingZeros()
                .toPlainString();
    }
}
