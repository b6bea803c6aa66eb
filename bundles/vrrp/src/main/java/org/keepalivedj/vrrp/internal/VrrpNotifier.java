package org.keepalivedj.vrrp.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.api.model.NotifyScripts;
import org.keepalivedj.api.script.FifoSpec;
import org.keepalivedj.api.script.NotifyFifo;
import org.keepalivedj.api.script.PendingScripts;
import org.keepalivedj.api.script.Script;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.api.vrrp.InstanceState;

/**
 * VRRP's notifications through the notify service, never run on the timer thread:
 * notify_master/backup/fault/stop get only their own arguments; the generic notify gets
 * {@code INSTANCE NAME STATE PRIORITY} appended (GROUP for sync groups); the FIFO gets one line
 * {@code INSTANCE "NAME" STATE PRIORITY}. The service owns timeout, kill, user and security; this
 * only chooses what to run for a transition. One per config's notify settings (script user,
 * enable_script_security, FIFO): a reload that changes them makes a new one.
 */
final class VrrpNotifier implements AutoCloseable {

    private final ScriptService service;
    private final String scriptUser;
    private final boolean scriptSecurity;
    private final NotifyFifo fifo;
    private final PendingScripts pending = new PendingScripts();
    private final AtomicLong scriptsRun = new AtomicLong();

    /** scriptSecurity: global_defs enable_script_security; fifo: null when none is configured. */
    VrrpNotifier(ScriptService service, String scriptUser, boolean scriptSecurity, FifoSpec fifo) {
        this.service = service;
        this.scriptUser = scriptUser;
        this.scriptSecurity = scriptSecurity;
        this.fifo = fifo == null ? null : service.fifo(fifo);
    }

    /** For an instance ("INSTANCE") or a sync group ("GROUP"). */
    void notify(String kind, String name, NotifyScripts scripts, InstanceState state, int priority) {
        String word = state.name();
        String specific = switch (state) {
            case MASTER -> scripts.master();
            case BACKUP -> scripts.backup();
            case FAULT -> scripts.fault();
            case STOP -> scripts.stop();
            default -> null;
        };
        if (specific != null) {
            run(specific, List.of());
        }
        if (scripts.any() != null) {
            run(scripts.any(), List.of(kind, name, word, Integer.toString(priority)));
        }
        if (fifo != null) {
            fifo.write(kind + " \"" + name + "\" " + word + " " + priority);
        }
    }

    /**
     * notify_priority_changes: an instance's effective priority changed; only the FIFO hears of it, as
     * {@code INSTANCE "NAME" MASTER_PRIORITY P} while MASTER and {@code BACKUP_PRIORITY} in any other
     * state (keepalived writes BACKUP_PRIORITY in FAULT too).
     */
    void priorityChanged(String name, InstanceState state, int priority) {
        if (fifo != null) {
            String word = state == InstanceState.MASTER ? "MASTER_PRIORITY" : "BACKUP_PRIORITY";
            fifo.write("INSTANCE \"" + name + "\" " + word + " " + priority);
        }
    }

    /**
     * An instance a reload removed. As keepalived: its notify_master/backup/fault/stop scripts do not
     * run; the generic notify and the FIFO say FAULT, or DELETED when notify_deleted is configured,
     * whose own script (if it names one) runs first.
     */
    void deleted(String name, NotifyScripts scripts, boolean notifyDeleted, int priority) {
        String word = notifyDeleted ? "DELETED" : "FAULT";
        if (notifyDeleted && scripts.deleted() != null && !scripts.deleted().isBlank()) {
            run(scripts.deleted(), List.of());
        }
        if (scripts.any() != null) {
            run(scripts.any(), List.of("INSTANCE", name, word, Integer.toString(priority)));
        }
        if (fifo != null) {
            fifo.write("INSTANCE \"" + name + "\" " + word + " " + priority);
        }
    }

    /** fifo_write_vrrp_states_on_reload: one state line on the FIFO alone, no script. */
    void fifoState(String kind, String name, InstanceState state, int priority) {
        if (fifo != null) {
            fifo.write(kind + " \"" + name + "\" " + state.name() + " " + priority);
        }
    }

    /** Runs one script line with no arguments (notify_master_rx_lower_pri, as keepalived runs it). */
    void script(String line) {
        run(line, List.of());
    }

    private void run(String line, List<String> args) {
        pending.track(service.submit(Script.notify(line, args, scriptUser, scriptSecurity))
                .thenAccept(r -> {
                    if (r.error() == null) {
                        scriptsRun.incrementAndGet();
                    }
                }));
    }

    /** Scripts started (whatever their exit status); refused or unstartable ones are not counted. */
    long scriptsRun() {
        return scriptsRun.get();
    }

    /** Waits up to timeoutMillis for the scripts already handed over (tests; the service runs them anyway). */
    void drain(long timeoutMillis) {
        pending.drain(timeoutMillis);
    }

    /**
     * Releases the FIFO; never waits for scripts (it runs on the timer thread at reload): those handed
     * over run to their end, or to the service's timeout or stop.
     */
    @Override
    public void close() {
        if (fifo != null) {
            fifo.close();
        }
    }
}
