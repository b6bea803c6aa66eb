package org.keepalivedj.management;

import java.beans.ConstructorProperties;

/** One checker of a real server as JMX shows it (an open-type composite). */
public final class CheckerState {
    private final String kind;
    private final boolean running;
    private final boolean up;
    private final String lastDetail;
    private final long lastLatencyMillis;
    private final String lastCheck;
    private final long consecutiveFailures;
    private final long attempts;
    private final long failures;

    @ConstructorProperties({
        "kind",
        "running",
        "up",
        "lastDetail",
        "lastLatencyMillis",
        "lastCheck",
        "consecutiveFailures",
        "attempts",
        "failures"
    })
    public CheckerState(
            String kind,
            boolean running,
            boolean up,
            String lastDetail,
            long lastLatencyMillis,
            String lastCheck,
            long consecutiveFailures,
            long attempts,
            long failures) {
        this.kind = kind;
        this.running = running;
        this.up = up;
        this.lastDetail = lastDetail;
        this.lastLatencyMillis = lastLatencyMillis;
        this.lastCheck = lastCheck;
        this.consecutiveFailures = consecutiveFailures;
        this.attempts = attempts;
        this.failures = failures;
    }

    public String getKind() {
        return kind;
    }

    /** False when no installed checker bundle provides this kind. */
    public boolean isRunning() {
        return running;
    }

    public boolean isUp() {
        return up;
    }

    public String getLastDetail() {
        return lastDetail;
    }

    /** -1 before the first attempt. */
    public long getLastLatencyMillis() {
        return lastLatencyMillis;
    }

    /** ISO-8601, empty before the first attempt. */
    public String getLastCheck() {
        return lastCheck;
    }

    public long getConsecutiveFailures() {
        return consecutiveFailures;
    }

    public long getAttempts() {
        return attempts;
    }

    public long getFailures() {
        return failures;
    }
}
