package org.keepalivedj.bfd;

import java.time.Duration;

/**
 * A session's local timer settings (keepalived's min_rx, min_tx, idle_tx, multiplier, passive).
 *
 * @param idleTx the Desired Min TX Interval while the session is not Up (RFC 5880 section 6.8.3 asks
 *               for at least one second there; keepalived's default idle_tx is exactly that)
 */
public record BfdTiming(Duration minRx, Duration minTx, Duration idleTx, int multiplier, boolean passive) {

    public BfdTiming {
        if (multiplier < 1 || multiplier > 255) {
            throw new IllegalArgumentException("multiplier " + multiplier + " outside 1-255");
        }
    }

    long minRxMicros() {
        return micros(minRx);
    }

    long minTxMicros() {
        return micros(minTx);
    }

    long idleTxMicros() {
        return Math.max(micros(idleTx), micros(minTx));
    }

    private static long micros(Duration d) {
        return Math.max(1, d.toNanos() / 1000);
    }
}
