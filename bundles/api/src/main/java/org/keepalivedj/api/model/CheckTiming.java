package org.keepalivedj.api.model;

import java.time.Duration;

/**
 * Checker timing as declared on a virtual server, real server or checker; null means inherited from
 * the enclosing level (keepalived's defaults at the top: see {@link #DEFAULTS}).
 */
public record CheckTiming(
        Integer retry, Duration delayBeforeRetry, Duration warmup, Duration connectTimeout, Duration delayLoop) {
    public static final CheckTiming UNSET = new CheckTiming(null, null, null, null, null);
    public static final CheckTiming DEFAULTS =
            new CheckTiming(1, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(60));

    /** This level's values, falling back to parent's where unset. */
    public CheckTiming inherit(CheckTiming parent) {
        return new CheckTiming(
                retry != null ? retry : parent.retry,
                delayBeforeRetry != null ? delayBeforeRetry : parent.delayBeforeRetry,
                warmup != null ? warmup : parent.warmup,
                connectTimeout != null ? connectTimeout : parent.connectTimeout,
                delayLoop != null ? delayLoop : parent.delayLoop);
    }
}
