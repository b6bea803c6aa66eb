package org.keepalivedj.vrrp;

import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.net.AddressManager;
import org.keepalivedj.api.net.NftTables;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.keepalivedj.vrrp.internal.Engine;

/**
 * The VRRP engine outside OSGi (tests, tools, benchmarks): {@link #builder} makes it in the network
 * namespace of the calling thread; {@link #apply} configs, {@link #close} to stop (priority 0 sent,
 * VIPs removed). It is the same object the OSGi container runs as the VRRP subsystem, so a daemon
 * outside OSGi can drive it as a {@link Subsystem}, and a BFD engine tells it the sessions track_bfd
 * follows (as a {@link BfdSessionListener}; until then every tracked session counts as down).
 */
public interface VrrpEngine extends Subsystem, VrrpRuntime, BfdSessionListener, AutoCloseable {

    /** An engine adding and removing VIPs through this address manager. */
    static Builder builder(AddressManager addresses) {
        return new Builder(addresses);
    }

    /**
     * Runs this config from now on (blocking until applied). Throws {@link
     * org.keepalivedj.api.daemon.ApplyException} after applying the rest when a changed instance could
     * not be rebuilt (its previous runtime runs on).
     */
    @Override
    void apply(KeepalivedConfig config);

    /** Stops every instance but keeps the engine usable for another {@link #apply}. */
    @Override
    void stop();

    /**
     * How often repeated drops of adverts are summed up in the log (60 s unless set); applies to
     * instances and sockets made by the next {@link #apply}.
     */
    void dropLogInterval(java.time.Duration interval);

    /** Adverts for a VRID no instance runs, on the sockets open now (counted with or without log_unknown_vrids). */
    long unknownVridCount();

    /**
     * Told every state change and rejected advert from now on, on the timer thread (in OSGi the
     * whiteboard binds every {@link VrrpStateListener} service here).
     */
    void addListener(VrrpStateListener listener);

    void removeListener(VrrpStateListener listener);

    /** Stops every instance (as {@link #stop}), then ends the engine's threads and closes its sockets. */
    @Override
    void close();

    /** How an embedded engine is made. */
    final class Builder {
        private final AddressManager addresses;
        private ScriptService scripts;
        private NftTables nftables;

        private Builder(AddressManager addresses) {
            this.addresses = java.util.Objects.requireNonNull(addresses);
        }

        /**
         * Runs scripts and writes FIFOs through this notify service, shared with others (not closed
         * with the engine); without it the engine has a notify service of its own, closed with it.
         */
        public Builder scripts(ScriptService service) {
            this.scripts = service;
            return this;
        }

        /** Programs no_accept through this nftables service; without it no_accept instances log an error and accept. */
        public Builder nftables(NftTables service) {
            this.nftables = service;
            return this;
        }

        /** Starts the engine's timer thread and kernel handles in the caller's network namespace, with no config yet. */
        public VrrpEngine start() {
            return Engine.embedded(addresses, scripts, nftables);
        }
    }
}
