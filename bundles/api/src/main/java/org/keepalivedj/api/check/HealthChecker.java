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
     * One attempt, told whether this check currently holds its real server up (keepalived's checker
     * state): a checker that checks less while its server is down or recovering (HTTP_GET without
     * fast_recovery: one url per attempt, answering {@link CheckResult#pending} until the last)
     * overrides this. The engine calls this one.
     */
    default CompletableFuture<CheckResult> check(boolean up) {
        return check();
    }

    /**
     * How long one attempt may take when the checker's own keyword says so instead of
     * connect_timeout (MISC_CHECK: misc_timeout); the engine's deadline follows it. Empty: the
     * block's connect_timeout.
     */
    default Optional<Duration> attemptTimeout() {
        return Optional.empty();
    }

    /**
     * For a checker whose verdict follows events rather than probes (BFD_CHECK follows a BFD
     * session): it returns true and from then on calls wake, from any thread, whenever its verdict
     * may have changed. The engine then attempts only on a wake, never on delay_loop, and takes each
     * verdict as final (no retry, rise or fall), so an event reaches the data plane at once.
     * Probing checkers keep this default: false, and wake is never called.
     */
    default boolean followEvents(Runnable wake) {
        return false;
    }

    /** Stops for good: no attempt is started after this. */
    @Override
    default void close() {}
}
