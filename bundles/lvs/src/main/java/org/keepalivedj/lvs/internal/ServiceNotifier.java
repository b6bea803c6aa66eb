package org.keepalivedj.lvs.internal;

import java.util.List;
import java.util.Objects;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.script.FifoSpec;
import org.keepalivedj.api.script.NotifyFifo;
import org.keepalivedj.api.script.PendingScripts;
import org.keepalivedj.api.script.Script;
import org.keepalivedj.api.script.ScriptService;

/**
 * The engine's notifications through the notify service, which owns word splitting, the script user,
 * enable_script_security, the timeout and the kill. Called on the engine's thread.
 */
final class ServiceNotifier implements LvsNotifier {
    private final ScriptService service;
    private final PendingScripts pending = new PendingScripts();
    private volatile String scriptUser;
    private volatile boolean scriptSecurity;
    private NotifyFifo fifo;

    ServiceNotifier(ScriptService service) {
        this.service = service;
    }

    @Override
    public void configure(GlobalDefs globals) {
        scriptUser = globals == null ? null : globals.scriptUser();
        scriptSecurity = globals != null && globals.enableScriptSecurity();
        FifoSpec spec = FifoSpec.of(globals, "lvs");
        if (!Objects.equals(spec, fifo == null ? null : fifo.spec())) {
            // the new one first: a FIFO both use keeps its reader script running
            NotifyFifo old = fifo;
            fifo = spec == null ? null : service.fifo(spec);
            if (old != null) {
                old.close();
            }
        }
    }

    @Override
    public void script(String command) {
        pending.track(service.submit(Script.notify(command, List.of(), scriptUser, scriptSecurity)));
    }

    @Override
    public void fifo(String line) {
        NotifyFifo f = fifo;
        if (f != null) {
            f.write(line);
        }
    }

    @Override
    public void drain(long timeoutMillis) {
        pending.drain(timeoutMillis);
    }

    /** Releases the FIFO (its reader script stops when nobody else uses it). */
    @Override
    public void close() {
        if (fifo != null) {
            fifo.close();
            fifo = null;
        }
    }
}
