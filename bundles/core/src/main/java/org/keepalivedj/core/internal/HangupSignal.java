package org.keepalivedj.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reloads, as with keepalived. The JVM's default for HUP is to exit, so we replace it while the
 * daemon runs and put the previous handler back when it stops.
 */
@SuppressWarnings("restriction")
final class HangupSignal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private final sun.misc.Signal signal = new sun.misc.Signal("HUP");
    private final sun.misc.SignalHandler previous;

    private HangupSignal(Runnable onHangup) {
        this.previous = sun.misc.Signal.handle(signal, s -> onHangup.run());
        if (previous == sun.misc.SignalHandler.SIG_IGN) {
            // The JVM installs nothing for a HUP its parent ignored (nohup): say so rather than
            // let a reload by signal be lost without a word.
            LOG.warn("SIGHUP is ignored in this process (started under nohup?): a SIGHUP will not reload;"
                    + " reload with the console's keepalived:reload or the Daemon MBean's reload,"
                    + " or start through bin/keepalived, which resets it");
        }
    }

    /** Installs the handler, or returns a no-op when this JVM does not let us (logged). */
    static AutoCloseable install(Runnable onHangup) {
        try {
            return new HangupSignal(onHangup);
        } catch (Throwable e) { // IllegalArgumentException when -Xrs or the OS reserves HUP
            LOG.warn("SIGHUP reload is not available in this JVM: {}", e.toString());
            return () -> {};
        }
    }

    @Override
    public void close() {
        sun.misc.Signal.handle(signal, previous);
    }
}
