package org.keepalivedj.lvs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.lvs.internal.LvsSubsystem;

/**
 * The LVS engine outside OSGi, on its own thread: the door for benchmarks, kernel tests and
 * programs that embed keepalived-j's checker engine, which never reach the engine's internal
 * classes. Notify scripts and the LVS notify FIFO are not run.
 *
 * <p>The engine thread starts in the network namespace of the thread that calls {@link Builder#start()}
 * (a new thread inherits it), and the checkers open their sockets there.
 */
public interface EmbeddedLvs extends LvsRuntime, AutoCloseable {

    static Builder builder() {
        return new Builder();
    }

    /**
     * Applies a config (the first one or a reload) on the engine thread and waits. Throws {@link
     * org.keepalivedj.api.daemon.ApplyException} naming the checker blocks whose checker could not be
     * made (their running checks go on), after applying the rest.
     */
    void apply(KeepalivedConfig config);

    /**
     * The lateness in nanoseconds of every timer that fell due since the last call, sorted; empty
     * unless the engine was built with {@link Builder#recordTimerLateness()}.
     */
    long[] drainTimerLateness();

    /** Stops every checker (and clears the data plane as a daemon stop does), then ends the engine thread. */
    @Override
    void close();

    /** How an embedded engine is made. */
    final class Builder {
        private String threadName = "lvs-checks";
        private Random random = new Random();
        private ForwardingPlane plane;
        private final List<HealthCheckerFactory> checkers = new ArrayList<>();
        private final List<LvsStateListener> listeners = new ArrayList<>();
        private boolean recordTimerLateness;

        private Builder() {}

        /** The engine thread's name (default {@code lvs-checks}). */
        public Builder threadName(String name) {
            this.threadName = name;
            return this;
        }

        /** The source of the engine's random start delays (seed it for repeatable runs). */
        public Builder random(Random source) {
            this.random = source;
            return this;
        }

        /** The data plane to program; none by default (checks run, nothing is programmed). */
        public Builder plane(ForwardingPlane forwardingPlane) {
            this.plane = forwardingPlane;
            return this;
        }

        /** A checker kind the engine can run (one call per kind). */
        public Builder checker(HealthCheckerFactory factory) {
            checkers.add(factory);
            return this;
        }

        /** Told every health and quorum change, on the engine thread (one call per listener). */
        public Builder listener(LvsStateListener listener) {
            listeners.add(listener);
            return this;
        }

        /** Records the lateness of every timer, for {@link EmbeddedLvs#drainTimerLateness()}. */
        public Builder recordTimerLateness() {
            this.recordTimerLateness = true;
            return this;
        }

        /** Starts the engine thread, with the plane and checker kinds given, and no config yet. */
        public EmbeddedLvs start() {
            return new LvsSubsystem(
                    threadName, random, plane, List.copyOf(checkers), List.copyOf(listeners), recordTimerLateness);
        }
    }
}
