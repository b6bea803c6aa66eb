package org.keepalivedj.api.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Watches the daemon's timer threads (the VRRP timer thread, the checker scheduler). Published as an
 * OSGi service by core; the systemd watchdog pings only while {@link #healthy()}.
 */
public interface Watchdog {

    /** False while a timer thread has not ticked for longer than the stall limit. */
    boolean healthy();

    /** The latest stall seen (ongoing or over), if any since start. */
    Optional<Stall> lastStall();

    /**
     * A timer thread that did not tick for {@code length}. {@code ongoing} while it still has not;
     * {@code seenAt} is when the watchdog first noticed it.
     */
    record Stall(String thread, Duration length, Instant seenAt, boolean ongoing) {}
}
