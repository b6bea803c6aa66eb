package org.keepalivedj.api.check;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The check of one real server by one checker block. The health-check engine owns the schedule
 * (delay_loop, retry, delay_before_retry, warmup) and asks for one attempt at a time; the checker
 * does the I/O without blocking the caller (a shared event loop, or a bounded pool for scripts).
 */
public interface HealthChecker extends AutoCloseable {

    /**
     * Starts one attempt and completes with its outcome. Honours the block's connect_timeout; the
     * engine also cancels the future when the attempt outlives its deadline, and the checker must
     * then release what the attempt holds (close the connection, kill the script).
     */
    CompletableFuture<CheckResult> check();

    /**
     * How long one attempt may take when the checker's own keyword says so instead of
     * connect_timeout (MISC_CHECK: misc_timeout); the engine's deadline follows it. Empty: the
     * block's connect_timeout.
     */
    default Optional<Duration> attemptTimeout() {
        return Optional.empty();
    }

    /** Stops for good: no attempt is started after this. */
    @Override
    default void close() {}
}
