package org.keepalivedj.vrrp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.keepalivedj.api.model.Settings;

/**
 * global_defs vrrp_startup_delay and vrrp_delay_after_boot: how long an instance waits before its
 * first election. The first counts from the daemon's start (the engine's), the second from the
 * machine's boot; the longer wins, as in keepalived. An instance that a later reload adds waits only
 * what is left of it.
 */
final class StartupDelay {

    private final long startedNanos;
    private final double uptimeAtStartSeconds;

    /**
     * @param startedNanos         the scheduler's clock when the daemon started
     * @param uptimeAtStartSeconds seconds since the machine booted, at that moment
     */
    StartupDelay(long startedNanos, double uptimeAtStartSeconds) {
        this.startedNanos = startedNanos;
        this.uptimeAtStartSeconds = uptimeAtStartSeconds;
    }

    /** The delay left at nowNanos (scheduler clock) under these global_defs; 0 when over. */
    long remainingNanos(Settings globals, long nowNanos) {
        double sinceStart = seconds(globals, "vrrp_startup_delay");
        double sinceBoot = seconds(globals, "vrrp_delay_after_boot") - uptimeAtStartSeconds;
        long wait = (long) (Math.max(sinceStart, sinceBoot) * 1e9);
        return Math.max(0, startedNanos + wait - nowNanos);
    }

    private static double seconds(Settings globals, String keyword) {
        String value = globals == null ? null : globals.get(keyword);
        // the loader checked the value's shape (secs 0 *)
        return value == null || value.isBlank() ? 0 : Double.parseDouble(value.strip());
    }

    /** Seconds since boot, from /proc/uptime; unreadable: taken as long ago (no delay after boot). */
    static double uptimeSeconds() {
        try {
            String line = Files.readString(Path.of("/proc/uptime")).strip();
            return Double.parseDouble(line.substring(0, line.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return Double.MAX_VALUE;
        }
    }
}
