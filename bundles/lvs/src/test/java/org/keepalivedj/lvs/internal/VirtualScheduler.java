package org.keepalivedj.lvs.internal;

import java.time.Duration;
import org.keepalivedj.testsupport.VirtualClock;

/** The LVS engine's scheduler on virtual time ({@link VirtualClock}); wall time starts at a fixed instant. */
final class VirtualScheduler extends VirtualClock implements Scheduler {

    /** How long a hand-over from another thread waits, to model a busy engine thread (0: none). */
    long executeDelayNanos;

    @Override
    public long wallMillis() {
        return 1_700_000_000_000L + nanoTime() / 1_000_000;
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        return at(delayNanos, task)::cancel;
    }

    @Override
    public void execute(Runnable task) {
        schedule(executeDelayNanos, task);
    }

    void advanceSeconds(double s) {
        advance(Duration.ofNanos((long) (s * 1e9)));
    }

    double seconds() {
        return nanoTime() / 1e9;
    }
}
