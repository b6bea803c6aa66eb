package org.keepalivedj.api.script;

import java.util.concurrent.CompletableFuture;

/**
 * The one way keepalived-j runs scripts and writes notify FIFOs (vrrp, lvs and core use it; the
 * notify bundle provides it). Every script gets the same treatment: keepalived's word splitting, the
 * user switch, enable_script_security, a timeout after which the script and every process it
 * started are killed, output discarded, the outcome logged once in one wording. At stop, running
 * scripts and FIFO reader scripts are killed with their children.
 */
public interface ScriptService {

    /** Runs the script and waits for it, at most its timeout. Blocking: never from a timer or event-loop thread. */
    ScriptResult run(Script script);

    /** Runs the script on the service's bounded pool; never blocks. The outcome is logged and completes the future. */
    CompletableFuture<ScriptResult> submit(Script script);

    /**
     * Opens the FIFO for writing, creating it (mode 0600, owned by {@link FifoSpec#owner}) when it does
     * not exist, and starts its reader script with the FIFO path as last argument when one is set.
     */
    NotifyFifo fifo(FifoSpec spec);
}
