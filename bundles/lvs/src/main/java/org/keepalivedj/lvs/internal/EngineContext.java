package org.keepalivedj.lvs.internal;

import java.util.Optional;
import org.keepalivedj.api.check.CheckerContext;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;

/** What virtual and real servers need from the engine around them. */
interface EngineContext {
    Scheduler scheduler();

    LvsNotifier notifier();

    /** The data plane must be brought up to date (coalesced: one apply per round of changes). */
    void planeChanged();

    Optional<HealthCheckerFactory> factory(String kind);

    /** The config's global settings checkers may need (SSL block, track files). */
    default CheckerContext checkerContext() {
        return CheckerContext.NONE;
    }

    /** global_defs checker_log_all_failures: every failed attempt is logged, not only a verdict's change. */
    default boolean checkerLogAllFailures() {
        return false;
    }

    /** global_defs rs_init_notifies: real servers that start up run their up notifications. */
    default boolean rsInitNotifies() {
        return false;
    }

    /** A random first delay within warmup, so checks spread out. */
    long warmupDelay(Timing timing);

    void realServerChanged(VirtualServerView vs, RealServerView rs, boolean up);

    void checkerChanged(VirtualServerView vs, RealServerView rs, CheckerStatus checker, boolean serverChanged);

    void quorumChanged(VirtualServerView vs, boolean up);

    void startedWithQuorum(VirtualServerView vs);
}
