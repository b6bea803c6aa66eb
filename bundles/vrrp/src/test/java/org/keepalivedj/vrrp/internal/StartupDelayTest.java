package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.Settings;

/** vrrp_startup_delay counts from the daemon's start, vrrp_delay_after_boot from boot; the longer wins. */
class StartupDelayTest {

    private static final long SECOND = 1_000_000_000L;

    private static Settings globals(Map<String, String> values) {
        return Settings.of(values);
    }

    @Test
    void noKeywordsNoDelay() {
        assertEquals(0, new StartupDelay(0, 10).remainingNanos(null, 0));
        assertEquals(0, new StartupDelay(0, 10).remainingNanos(Settings.EMPTY, 0));
    }

    @Test
    void startupDelayCountsFromTheDaemonsStart() {
        StartupDelay d = new StartupDelay(100 * SECOND, 1000);
        Settings g = globals(Map.of("vrrp_startup_delay", "5.5"));
        assertEquals(5_500_000_000L, d.remainingNanos(g, 100 * SECOND));
        assertEquals(500_000_000L, d.remainingNanos(g, 105 * SECOND), "a reload later waits what is left");
        assertEquals(0, d.remainingNanos(g, 200 * SECOND));
    }

    @Test
    void delayAfterBootCountsFromBootSoARestartLongAfterBootDoesNotWait() {
        Settings g = globals(Map.of("vrrp_delay_after_boot", "60"));
        assertEquals(40 * SECOND, new StartupDelay(0, 20).remainingNanos(g, 0), "started 20 s after boot");
        assertEquals(0, new StartupDelay(0, 3600).remainingNanos(g, 0), "restarted an hour after boot");
    }

    @Test
    void theLongerOfTheTwoWins() {
        Settings g = globals(Map.of("vrrp_startup_delay", "10", "vrrp_delay_after_boot", "60"));
        assertEquals(40 * SECOND, new StartupDelay(0, 20).remainingNanos(g, 0));
        assertEquals(10 * SECOND, new StartupDelay(0, 55).remainingNanos(g, 0));
    }

    @Test
    void theMachinesUptimeIsRead() {
        double up = StartupDelay.uptimeSeconds();
        assertTrue(up > 0 && up < 1e9, () -> "uptime " + up);
    }
}
