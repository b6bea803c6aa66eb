package org.keepalivedj.lvs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.model.CheckerBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One checker block of one real server on its schedule: an attempt, then delay_loop after a success
 * or after a failed round, delay_before_retry between the retries of a round. An attempt that outlives
 * connect_timeout is cancelled and counts as a failure. rise/fall debounce the verdict. A pending
 * result (one step of a check spread over attempts) changes no verdict and no count but attempts;
 * the next attempt follows after delay_loop. Runs only on
 * the scheduler thread; completions from the checker's own threads hop back onto it.
 */
final class CheckerRun {
    private static final Logger LOG = LoggerFactory.getLogger(CheckerRun.class);
    private static final long NEVER = Long.MIN_VALUE;

    /** Whom a run tells of its verdicts. */
    interface Owner {
        void checkerChanged(CheckerRun run);

        /** The weight the run's latest result asks for changed ({@link #weightAsked}). */
        void weightAskedChanged(CheckerRun run);

        /** {@code [10.0.0.2]:tcp:80}, for log lines. */
        String serverName();

        /** global_defs checker_log_all_failures is set. */
        default boolean logAllFailures() {
            return false;
        }
    }

    private final CheckerBlock block;
    private final Scheduler scheduler;
    private final Owner owner;
    private final boolean logAllFailures;
    /** The verdict while no checker runs: up, or down with alpha. */
    private final boolean startUp;

    private Timing timing;

    /** Volatile, as {@link #up} and the counts: {@link #status()} reads them from any thread. */
    private volatile HealthChecker checker;

    private HealthCheckerFactory factory;
    private boolean suspended;
    private volatile boolean up;
    /** The checker follows events ({@link HealthChecker#followEvents}): attempts only on its wake, verdicts final. */
    private boolean eventDriven;

    private long generation;
    /** Counts attach calls, so that a wake of a replaced checker is ignored. */
    private long attachments;

    private CompletableFuture<CheckResult> inFlight;
    private long startedNanos;
    private Scheduler.Timer next;
    /** The timer of the attempt under way, which has run: the next attempt's timer reuses it. */
    private Scheduler.Timer ranTimer;
    /** {@link #attempt}, made once: thousands of checks a second need no new task each. */
    private final Runnable attemptTask = this::attempt;

    private Scheduler.Timer deadline;

    private int retryIndex;
    private int successesInRow;
    private int failedRounds;
    private volatile long consecutiveFailures;
    private volatile long attempts;
    private volatile long failures;
    /**
     * The latest attempt, for {@link #status()}: kept as fields and made into a status only when read,
     * so that an attempt allocates nothing that lives until the next one.
     */
    private volatile String lastDetail = "";

    private volatile long lastLatencyNanos;
    /** Wall clock of the latest attempt's end, or {@link #NEVER}. */
    private volatile long lastCheckMillis = NEVER;
    /** The latest success that asked for a weight, or null: this check adds nothing to the weight. */
    private CheckResult weightAsked;

    CheckerRun(CheckerBlock block, Timing timing, boolean initiallyUp, Scheduler scheduler, Owner owner) {
        this.block = block;
        this.timing = timing;
        this.up = initiallyUp;
        this.startUp = initiallyUp;
        this.scheduler = scheduler;
        this.owner = owner;
        this.logAllFailures = block.spec() != null && block.spec().settings().logAllFailures();
    }

    CheckerBlock block() {
        return block;
    }

    /** Every failed attempt is logged: the check's log_all_failures or global_defs checker_log_all_failures. */
    boolean logsEveryFailure() {
        return logAllFailures || owner.logAllFailures();
    }

    String kind() {
        return block.kind();
    }

    boolean up() {
        return up;
    }

    boolean running() {
        return checker != null;
    }

    HealthCheckerFactory factory() {
        return factory;
    }

    /**
     * What operators read of this run, from any thread. Made from fields the scheduler thread writes
     * one by one, so a read during an attempt's end may pair its detail with the previous counts.
     */
    CheckerStatus status() {
        long at = lastCheckMillis;
        return new CheckerStatus(
                kind(),
                checker != null,
                up,
                lastDetail,
                at == NEVER ? null : Duration.ofNanos(lastLatencyNanos),
                at == NEVER ? null : Instant.ofEpochMilli(at),
                consecutiveFailures,
                attempts,
                failures);
    }

    Timing timing() {
        return timing;
    }

    /**
     * The weight the latest success asked for (MISC_CHECK misc_dynamic, FILE_CHECK), or null when it
     * asked for none or the check has failed since: as keepalived, an exit 0 or a failure drops what
     * the check added.
     */
    CheckResult weightAsked() {
        return weightAsked;
    }

    private void askWeight(CheckResult result) {
        CheckResult asks = result != null && result.weight().isPresent() ? result : null;
        boolean same = asks == null
                ? weightAsked == null
                : weightAsked != null
                        && asks.weight().equals(weightAsked.weight())
                        && asks.weightAdds() == weightAsked.weightAdds();
        if (!same) {
            weightAsked = asks;
            owner.weightAskedChanged(this);
        }
    }

    /** New timing from a reload; takes effect from the next scheduled attempt. */
    void retime(Timing newTiming) {
        this.timing = newTiming;
    }

    /** Starts checking with this checker, the first attempt after firstDelay (warmup). */
    void attach(HealthCheckerFactory owner, HealthChecker newChecker, long firstDelayNanos) {
        detach();
        this.factory = owner;
        this.checker = newChecker;
        long attached = ++attachments;
        eventDriven = newChecker.followEvents(() -> scheduler.execute(() -> {
            if (attached == attachments) {
                checkNow();
            }
        }));
        if (!suspended && !eventDriven) {
            scheduleNext(firstDelayNanos);
        }
    }

    /**
     * The checker's factory left: stops checking and takes the start verdict again (up, or down with
     * alpha), as a check that waits for a checker has. Returns whether the verdict changed.
     */
    boolean orphan() {
        detach();
        if (up == startUp) {
            return false;
        }
        up = startUp;
        successesInRow = 0;
        retryIndex = 0;
        failedRounds = 0;
        return true;
    }

    /** Stops checking and releases the checker; the verdict stays as it was. */
    void detach() {
        cancelTimers();
        abortInFlight();
        if (checker != null) {
            try {
                checker.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing {} of {} failed", kind(), owner.serverName(), e);
            }
        }
        checker = null;
        factory = null;
    }

    /** ha_suspend: no attempts until resumed; the verdict stays. */
    void suspend() {
        suspended = true;
        cancelTimers();
        abortInFlight();
    }

    void resume(long firstDelayNanos) {
        if (suspended) {
            suspended = false;
            if (checker != null) {
                // an event-driven checker may have missed its events while suspended: ask it once now
                scheduleNext(eventDriven ? 0 : firstDelayNanos);
            }
        }
    }

    /** An attempt now, unless one is under way. */
    void checkNow() {
        if (checker != null && !suspended && inFlight == null) {
            cancelTimers();
            attempt();
        }
    }

    /** The next attempt, delayNanos after from (on {@link Scheduler#nanoTime()}). */
    private void scheduleNext(long delayNanos, long from) {
        scheduleNext(delayNanos - (scheduler.nanoTime() - from));
    }

    private void scheduleNext(long delayNanos) {
        if (next != null) {
            next.cancel();
        }
        next = scheduler.reschedule(ranTimer, delayNanos, attemptTask);
        ranTimer = null;
    }

    private void cancelTimers() {
        if (next != null) {
            next.cancel();
            next = null;
        }
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }

    private void abortInFlight() {
        generation++;
        if (inFlight != null) {
            inFlight.cancel(true);
            inFlight = null;
        }
    }

    private void attempt() {
        ranTimer = next; // when run by its timer; checkNow() cleared next first
        next = null;
        if (checker == null || suspended || inFlight != null) {
            return;
        }
        long gen = ++generation;
        startedNanos = scheduler.nanoTime();
        CompletableFuture<CheckResult> f;
        try {
            f = checker.check(up);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        inFlight = f;
        if (f.isDone()) {
            // answered at once (a local server, a refused connect): no deadline and no hop back onto this thread
            CheckResult result = null;
            Throwable error = null;
            try {
                result = f.join();
            } catch (CompletionException | CancellationException e) {
                error = e;
            }
            completed(gen, result, error, scheduler.nanoTime());
            return;
        }
        deadline = scheduler.schedule(attemptTimeout().toNanos(), () -> timedOut(gen));
        f.whenComplete((result, error) -> {
            // the time the result came, not the time this thread takes it: the next attempt counts from it
            long at = scheduler.nanoTime();
            scheduler.execute(() -> completed(gen, result, error, at));
        });
    }

    /** connect_timeout, unless the checker's own keyword sets how long an attempt may take. */
    private Duration attemptTimeout() {
        HealthChecker c = checker;
        return c == null ? timing.connectTimeout() : c.attemptTimeout().orElse(timing.connectTimeout());
    }

    private void timedOut(long gen) {
        if (gen != generation || inFlight == null) {
            return;
        }
        deadline = null;
        CompletableFuture<CheckResult> f = inFlight;
        inFlight = null;
        generation++;
        if (f.isDone() && !f.isCompletedExceptionally()) {
            // the result came in time; only its hop onto this (busy) thread is behind the deadline
            verdict(f.join(), scheduler.nanoTime());
            return;
        }
        f.cancel(true);
        verdict(CheckResult.down("timeout after " + seconds(attemptTimeout())), scheduler.nanoTime());
    }

    /** @param endedNanos when the attempt ended (its result came), on {@link Scheduler#nanoTime()} */
    private void completed(long gen, CheckResult result, Throwable error, long endedNanos) {
        if (gen != generation || inFlight == null) {
            return; // cancelled by the deadline, a suspend or a detach
        }
        inFlight = null;
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
        if (error != null || result == null) {
            verdict(CheckResult.down(describe(error)), endedNanos);
        } else {
            verdict(result, endedNanos);
        }
    }

    /**
     * The attempt's result, taken on this thread; the next attempt is due its delay after endedNanos
     * (the result's own time, which the hop onto this thread may trail by a millisecond or more).
     */
    private void verdict(CheckResult result, long endedNanos) {
        long latency = endedNanos - startedNanos;
        if (result.pending()) {
            // one step of a check spread over attempts (HTTP_GET recovering url by url): no verdict yet
            attempts++;
            publish(result.detail(), latency);
            if (checker != null && !suspended && !eventDriven) {
                scheduleNext(timing.delayLoop().toNanos(), endedNanos);
            }
            return;
        }
        boolean ok = result.up();
        String detail = result.detail();
        attempts++;
        long delay;
        if (ok) {
            consecutiveFailures = 0;
            retryIndex = 0;
            failedRounds = 0;
            successesInRow++;
            askWeight(result);
            if (!up && (eventDriven || successesInRow >= timing.rise())) {
                up = true;
                LOG.info(Wording.checkSucceeded(kind(), owner.serverName()));
                publish(detail, latency);
                owner.checkerChanged(this);
            }
            delay = timing.delayLoop().toNanos();
        } else {
            failures++;
            consecutiveFailures++;
            successesInRow = 0;
            if (logsEveryFailure()) {
                LOG.info("{} on service {} failed ({})", kind(), owner.serverName(), detail);
            } else {
                LOG.debug("{} on service {} failed ({})", kind(), owner.serverName(), detail);
            }
            if (up && !eventDriven && retryIndex < timing.retry()) {
                retryIndex++;
                delay = timing.delayBeforeRetry().toNanos();
            } else {
                retryIndex = 0;
                if (up && (++failedRounds >= timing.fall() || eventDriven)) {
                    up = false;
                    failedRounds = 0;
                    askWeight(null);
                    LOG.info(Wording.checkFailed(kind(), owner.serverName(), timing.retry(), detail));
                    publish(detail, latency);
                    owner.checkerChanged(this);
                }
                delay = timing.delayLoop().toNanos();
            }
        }
        publish(detail, latency);
        if (checker != null && !suspended && !eventDriven) {
            scheduleNext(delay, endedNanos);
        }
    }

    private void publish(String detail, long latencyNanos) {
        lastDetail = detail;
        lastLatencyNanos = latencyNanos;
        lastCheckMillis = scheduler.wallMillis();
    }

    private static String describe(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e == null) {
            return "no result";
        }
        if (e instanceof CancellationException) {
            return "cancelled";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
