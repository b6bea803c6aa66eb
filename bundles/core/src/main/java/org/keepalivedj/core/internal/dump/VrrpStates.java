package org.keepalivedj.core.internal.dump;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.keepalivedj.api.vrrp.InstanceState;

/** The small conversions keepalived's dumps share: state numbers, times, intervals. */
final class VrrpStates {
    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss.SSSSSS yyyy", Locale.ENGLISH);

    private VrrpStates() {}

    /** keepalived's numbers: 0 init, 1 backup, 2 master, 3 fault (stop is shown as init). */
    static int number(InstanceState s) {
        return switch (s) {
            case BACKUP -> 1;
            case MASTER -> 2;
            case FAULT -> 3;
            case INIT, STOP -> 0;
        };
    }

    /** Seconds since the epoch with microseconds, as keepalived writes a timeval: {@code 1795654529.003334}. */
    static String epochMicros(Instant t) {
        if (t == null) {
            return "0.000000";
        }
        return t.getEpochSecond() + "." + String.format(Locale.ROOT, "%06d", t.getNano() / 1000);
    }

    /** {@code 1795654529.003334 (Thu Nov 26 00:55:29.003334 2026)} in local time. */
    static String timeval(Instant t) {
        if (t == null) {
            return "0.000000";
        }
        return epochMicros(t) + " (" + CTIME.format(t.atZone(ZoneId.systemDefault())) + ")";
    }

    /** Whole seconds as an integer (keepalived's JSON writes 1), fractions as a decimal (0.1). */
    static String seconds(Duration d) {
        if (d.toNanos() % 1_000_000_000L == 0) {
            return Long.toString(d.toSeconds());
        }
        return java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }
}
