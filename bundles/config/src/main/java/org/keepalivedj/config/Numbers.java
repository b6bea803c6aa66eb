package org.keepalivedj.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Pattern;

/** Strict number parsing for config values: plain decimal digits only, no exponents, no hex. */
final class Numbers {
    /** Longer than any timer keepalived accepts; keeps Duration arithmetic far from overflow. */
    static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(100L * 365 * 24 * 3600);

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d{1,15}(\\.\\d{0,9})?|\\.\\d{1,9})");

    private Numbers() {}

    static Long parseLong(String text) {
        return text != null && INTEGER.matcher(text).matches() ? Long.valueOf(text) : null;
    }

    static BigDecimal parseDecimal(String text) {
        return text != null && DECIMAL.matcher(text).matches() ? new BigDecimal(text) : null;
    }

    static Duration micros(BigDecimal seconds) {
        long micros =
                seconds.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Duration.ofNanos(micros * 1000);
    }

    /** Seconds with up to six decimals and no trailing zeros: 1, 0.5, 3.000125. */
    static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos() / 1000, 6).stripTrailingZeros().toPlainString();
    }

    /** Milliseconds with up to three decimals. */
    static String millis(Duration d) {
        return BigDecimal.valueOf(d.toNanos() / 1000, 3).stripTrailingZeros().toPlainString();
    }
}
