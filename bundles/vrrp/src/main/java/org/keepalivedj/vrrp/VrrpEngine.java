package org.keepalivedj.vrrp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.net.AddressManager;
import org.keepalivedj.api.net.NftTables;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.keepalivedj.netlink.RtNetlink;
import org.keepalivedj.vrrp.internal.Engine;

/**
 * The VRRP engine outside OSGi (tests, tools, benchmarks): create it in the network namespace it
 * should run in, {@link #apply} configs, {@link #close} to stop (priority 0 sent, VIPs removed).
 */
public final class VrrpEngine implements VrrpRuntime, AutoCloseable {

    private final Engine engine;
    private final RtNetlink rtnl;

    /**
     * Uses the given address manager and opens its own rtnetlink socket in the current namespace;
     * scripts and FIFOs go through a notify service of its own, closed with it. Without nftables:
     * no_accept instances log an error and accept.
     */
    public VrrpEngine(AddressManager addresses) {
        this(addresses, null, null);
    }

    /** As {@link #VrrpEngine(AddressManager)} with a notify service shared with others (not closed here). */
    public VrrpEngine(AddressManager addresses, ScriptService scripts) {
        this(addresses, scripts, null);
    }

    /** As {@link #VrrpEngine(AddressManager)}, with no_accept programmed through this nftables service. */
    public VrrpEngine(AddressManager addresses, NftTables nftables) {
        this(addresses, null, nftables);
    }

    /** With a shared notify service (or null: its own) and an nftables service (or null: none). */
    public VrrpEngine(AddressManager addresses, ScriptService scripts, NftTables nftables) {
        this.rtnl = RtNetlink.open();
        this.engine = new Engine(addresses, rtnl, scripts, () -> nftables);
    }

    /**
     * What track_bfd hears the BFD sessions through: hand it to the BFD engine ({@code
     * BfdEngine.addSessionListener}); until then every tracked session counts as down.
     */
    public org.keepalivedj.api.bfd.BfdSessionListener bfdListener() {
        return engine.bfdListener();
    }

    public void apply(KeepalivedConfig config) {
        engine.apply(config);
    }

    /** What {@link #apply} would change for this config; changes nothing. */
    public org.keepalivedj.api.daemon.ReloadPlan plan(KeepalivedConfig config) {
        return engine.plan(config);
    }

    /** Stops every instance but keeps the engine usable for another {@link #apply}. */
    public void stop() {
        engine.stop();
    }

    /**
     * How often repeated drops of adverts are summed up in the log (60 s unless set); applies to
     * instances and sockets made by the next {@link #apply}.
     */
    public void dropLogInterval(java.time.Duration interval) {
        engine.dropLogInterval(interval);
    }

    /** The latest any timer task ran after its due time so far, in nanoseconds. */
    public long maxTimerLatenessNanos() {
        return engine.timer().maxLatenessNanos();
    }

    /** Adverts for a VRID no instance runs, on the sockets open now (counted with or without log_unknown_vrids). */
    public long unknownVridCount() {
        return engine.unknownVridCount();
    }

    /** Timer stalls longer than 250 ms seen (JVM pauses). */
    public long timerPauses() {
        return engine.timer().pauses();
    }

    @Override
    public List<VrrpInstanceView> instances() {
        return engine.instances();
    }

    @Override
    public Optional<VrrpInstanceView> instance(String name) {
        return engine.instance(name);
    }

    @Override
    public Map<String, List<String>> syncGroups() {
        return engine.syncGroups();
    }

    @Override
    public Map<String, org.keepalivedj.api.vrrp.ScriptStatus> scriptStatuses() {
        return engine.scriptStatuses();
    }

    @Override
    public Map<String, Long> trackFileValues() {
        return engine.trackFileValues();
    }

    @Override
    public Map<String, org.keepalivedj.api.vrrp.ProcessStatus> trackProcessStatuses() {
        return engine.trackProcessStatuses();
    }

    /**
     * Told every state change and rejected advert from now on, on the timer thread (outside OSGi no
     * whiteboard binds listeners).
     */
    public void addListener(VrrpStateListener listener) {
        engine.addListener(listener);
    }

    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            rtnl.close();
        }
    }
}
