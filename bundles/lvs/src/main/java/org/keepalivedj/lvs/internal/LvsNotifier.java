package org.keepalivedj.lvs.internal;

import org.keepalivedj.api.model.GlobalDefs;

/** Where the engine's notifications go: scripts (notify_up/down, quorum_up/down) and the LVS notify FIFO. */
interface LvsNotifier extends AutoCloseable {

    /** Runs no script and writes no FIFO (an embedded engine). */
    LvsNotifier SILENT = new LvsNotifier() {
        @Override
        public void script(String command) {}

        @Override
        public void fifo(String line) {}

        @Override
        public void configure(GlobalDefs globals) {}
    };

    /** Runs a notify command in the background; never blocks the caller. */
    void script(String command);

    /** Writes one line ({@code RS [10.0.0.2]:tcp:80 [192.0.2.1]:tcp:80 DOWN}) to the notify FIFO, if one is set. */
    void fifo(String line);

    /** Takes global_defs' script user, enable_script_security and LVS notify FIFO (at every apply). */
    void configure(GlobalDefs globals);

    /** Waits up to timeoutMillis for the notifications already handed over (at shutdown, for omega). */
    default void drain(long timeoutMillis) {}

    /** Releases what it holds (the FIFO); scripts handed over run on. */
    @Override
    default void close() {}
}
