package org.keepalivedj.api.model;

import java.time.Duration;

/** Gratuitous ARP / unsolicited NA timing after a transition (global defaults or per instance). */
public record GarpSettings(
        Duration masterDelay,
        int masterRepeat,
        Duration masterRefresh,
        int masterRefreshRepeat,
        Duration lowerPrioDelay,
        int lowerPrioRepeat,
        Duration interval,
        Duration gnaInterval) {
    /** keepalived's defaults: 5 s delay, 5 repeats, no refresh, no pacing. */
    public static final GarpSettings DEFAULTS = new GarpSettings(
            Duration.ofSeconds(5), 5, Duration.ZERO, 1, Duration.ofSeconds(5), 5, Duration.ZERO, Duration.ZERO);
}
