package org.keepalivedj.vrrp;

import org.keepalivedj.testsupport.VirtualClock;

/** The VRRP engine's scheduler on virtual time ({@link VirtualClock}), for deterministic tests. */
public final class VirtualScheduler extends VirtualClock implements VrrpScheduler {

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        Task t = at(delayNanos, task);
        return new Timer() {
            @Override
            public void cancel() {
                t.cancel();
            }

            @Override
            public long dueNanos() {
                return t.dueNanos();
            }
        };
    }
}
