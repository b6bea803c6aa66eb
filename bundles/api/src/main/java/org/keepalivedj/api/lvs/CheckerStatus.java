package org.keepalivedj.api.lvs;

import java.time.Duration;
import java.time.Instant;

/**
 * One checker of a real server as last seen.
 *
 * @param kind          the block keyword, e.g. TCP_CHECK
 * @param running       false when no installed checker bundle provides the kind (then up is the last known state)
 * @param up            the checker's verdict after retry and rise/fall
 * @param lastDetail    what the last attempt said ("connection refused"), empty before the first
 * @param lastLatency   how long the last attempt took, null before the first
 * @param lastCheck     when the last attempt ended, null before the first
 * @param consecutiveFailures failed attempts since the last success
 * @param attempts      attempts made since this checker started
 * @param failures      failed attempts since this checker started
 */
public record CheckerStatus(
        String kind,
        boolean running,
        boolean up,
        String lastDetail,
        Duration lastLatency,
        Instant lastCheck,
        long consecutiveFailures,
        long attempts,
        long failures) {}
