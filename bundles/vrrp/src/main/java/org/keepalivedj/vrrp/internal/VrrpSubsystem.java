package org.keepalivedj.vrrp.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.net.AddressManager;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.api.net.NftTables;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.keepalivedj.netlink.NetworkNamespace;
import org.keepalivedj.netlink.RtNetlink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * VRRP as a daemon subsystem (kind VRRP, order {@link Subsystem#ORDER_VRRP}) and the
 * {@link VrrpRuntime} service management reads. The AddressManager removes VIPs a crashed run
 * left before this starts (it does that on its own activation). no_accept goes through the nft
 * bundle's {@link NftTables} service, an optional dynamic reference: VRRP runs without it, and
 * what no_accept could not write is written when it arrives. State changes go to every
 * {@link VrrpStateListener} service; track_bfd hears the BFD sessions as a {@link BfdSessionListener}
 * service. The engine is made in the daemon's network namespace: its timer thread, sockets,
 * rtnetlink and link events are there.
 */
@Component(
        service = {Subsystem.class, VrrpRuntime.class, BfdSessionListener.class},
        immediate = true)
public final class VrrpSubsystem implements Subsystem, VrrpRuntime, BfdSessionListener {

    private final AddressManager addresses;
    private final RtNetlink rtnl;
    private final Engine engine;
    private volatile NftTables nftables;

    @Activate
    public VrrpSubsystem(
            @Reference AddressManager addresses,
            @Reference ScriptService scripts,
            @Reference DaemonNetworkNamespace namespace) {
        this.addresses = addresses;
        // threads started by the engine's constructor inherit the namespace of the thread that makes it
        Started started = inNamespace(namespace, () -> {
            RtNetlink r = RtNetlink.open();
            return new Started(r, new Engine(addresses, r, scripts, () -> nftables));
        });
        this.rtnl = started.rtnl();
        this.engine = started.engine();
    }

    private record Started(RtNetlink rtnl, Engine engine) {}

    private static <T> T inNamespace(DaemonNetworkNamespace namespace, java.util.concurrent.Callable<T> work) {
        try {
            return NetworkNamespace.call(namespace.name(), work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start VRRP in " + namespace.describe(), e);
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setNftables(NftTables service) {
        nftables = service;
        engine.nftablesArrived();
    }

    /** Every VrrpStateListener service hears the instances' changes (the whiteboard). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindListener")
    void bindListener(VrrpStateListener listener) {
        engine.addListener(listener);
    }

    void unbindListener(VrrpStateListener listener) {
        engine.removeListener(listener);
    }

    void unsetNftables(NftTables service) {
        if (nftables == service) {
            nftables = null;
        }
    }

    @Deactivate
    public void deactivate() {
        try {
            engine.close();
        } finally {
            rtnl.close();
        }
    }

    @Override
    public String name() {
        return "vrrp";
    }

    @Override
    public Kind kind() {
        return Kind.VRRP;
    }

    @Override
    public int order() {
        return ORDER_VRRP;
    }

    @Override
    public void apply(KeepalivedConfig config) {
        engine.apply(config);
    }

    @Override
    public org.keepalivedj.api.daemon.ReloadPlan plan(KeepalivedConfig config) {
        return engine.plan(config);
    }

    @Override
    public java.util.List<org.keepalivedj.api.daemon.Heartbeat> heartbeats() {
        return java.util.List.of(engine.timer().heartbeatView());
    }

    @Override
    public void stop() {
        engine.stop();
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
    public long maxTimerLatenessNanos() {
        return engine.timer().maxLatenessNanos();
    }

    @Override
    public long timerPauses() {
        return engine.timer().pauses();
    }

    // ---- BfdSessionListener: track_bfd follows the bfd bundle's sessions ----
    // (without the bfd bundle every tracked session counts as down)

    @Override
    public void bound(List<BfdSessionView> sessions) {
        engine.bfdListener().bound(sessions);
    }

    @Override
    public void stateChanged(BfdSessionView session, String from, String to) {
        engine.bfdListener().stateChanged(session, from, to);
    }

    @Override
    public String toString() {
        return "VRRP subsystem with " + engine.instances().size() + " instance(s), addresses by " + addresses;
    }
}
