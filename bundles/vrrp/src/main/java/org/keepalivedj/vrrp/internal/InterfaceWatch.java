package org.keepalivedj.vrrp.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.keepalivedj.api.model.InterfaceDelays;
import org.keepalivedj.vrrp.VrrpScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns link events into what the instances act on, as keepalived does: a link that appears lets
 * the instances that could not open their socket on it try again, a link that goes away takes their
 * socket with it, and an up/down change reaches tracking after the interface's
 * interface_up_down_delays (a change undone within its delay is dropped). Timer thread only.
 */
final class InterfaceWatch {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    private final VrrpScheduler timer;
    private final BiConsumer<String, Boolean> upDown;
    private final Consumer<String> appeared;
    private final Consumer<String> removed;
    private Map<String, InterfaceDelays> delays = Map.of();
    /** The running state last passed on, by interface (absent: not known yet, passed on at once). */
    private final Map<String, Boolean> reported = new HashMap<>();

    private final Map<String, VrrpScheduler.Timer> pending = new HashMap<>();

    /**
     * @param upDown   an interface's running state, after its delay
     * @param appeared a link of this name exists (new, or any change of one)
     * @param removed  the link of this name was deleted
     */
    InterfaceWatch(
            VrrpScheduler timer,
            BiConsumer<String, Boolean> upDown,
            Consumer<String> appeared,
            Consumer<String> removed) {
        this.timer = timer;
        this.upDown = upDown;
        this.appeared = appeared;
        this.removed = removed;
    }

    /** The delays of the running config. */
    void delays(Map<String, InterfaceDelays> delays) {
        this.delays = Map.copyOf(delays);
    }

    /** The state tracking read for an interface before any event about it came. */
    void known(String name, boolean running) {
        reported.putIfAbsent(name, running);
    }

    /** A link event: the link exists (or was removed) and is running or not. */
    void linkChanged(String name, boolean exists, boolean running) {
        if (!exists) {
            // a deleted link takes its sockets along: no delay can keep the instance working
            cancel(name);
            removed.accept(name);
            pass(name, false);
            return;
        }
        appeared.accept(name);
        Boolean was = reported.get(name);
        if (was == null) {
            pass(name, running);
            return;
        }
        VrrpScheduler.Timer t = pending.get(name);
        if (was == running) {
            if (t != null) {
                LOG.info("{}: back {} within its delay, no state change", name, running ? "up" : "down");
                cancel(name);
            }
            return;
        }
        if (t != null) {
            return; // the change is already waiting out its delay
        }
        InterfaceDelays d = delays.get(name);
        Duration delay = d == null ? Duration.ZERO : running ? d.up() : d.down();
        if (delay.isZero()) {
            pass(name, running);
            return;
        }
        LOG.info("{}: {} change delayed by {} ms", name, running ? "up" : "down", delay.toMillis());
        pending.put(name, timer.schedule(delay.toNanos(), () -> {
            pending.remove(name);
            pass(name, running);
        }));
    }

    private void pass(String name, boolean running) {
        reported.put(name, running);
        upDown.accept(name, running);
    }

    private void cancel(String name) {
        VrrpScheduler.Timer t = pending.remove(name);
        if (t != null) {
            t.cancel();
        }
    }

    /** Drops every pending change (the engine stops). */
    void clear() {
        pending.values().forEach(VrrpScheduler.Timer::cancel);
        pending.clear();
        reported.clear();
    }
}
