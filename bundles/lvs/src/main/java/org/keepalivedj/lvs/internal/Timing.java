package org.keepalivedj.lvs.internal;

import java.time.Duration;
import org.keepalivedj.api.model.CheckTiming;

/** One checker's schedule, fully resolved: checker block, then real server, then virtual server, then keepalived's defaults. */
record Timing(
        int retry,
        Duration delayBeforeRetry,
        Duration warmup,
        Duration connectTimeout,
        Duration delayLoop,
        int rise,
        int fall) {

    static Timing resolve(CheckTiming checker, CheckTiming realServer, CheckTiming virtualServer, int rise, int fall) {
        CheckTiming t = checker.inherit(realServer).inherit(virtualServer).inherit(CheckTiming.DEFAULTS);
        return new Timing(
                t.retry(),
                t.delayBeforeRetry(),
                t.warmup(),
                t.connectTimeout(),
                t.delayLoop(),
                Math.max(1, rise),
                Math.max(1, fall));
    }
}
