package org.keepalivedj.lvs.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.keepalivedj.lvs.EmbeddedLvs;
import org.keepalivedj.notify.ProcessScriptService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LVS subsystem as an OSGi service: core hands it each valid config; checker factories, the data
 * plane in use (the ForwardingPlane service with chosen=true), VRRP (for ha_suspend; its changes
 * heard as a VrrpStateListener service) and the LvsStateListener services come and go dynamically.
 * Every call is handed to the engine's one thread. Outside OSGi the same class is the {@link
 * EmbeddedLvs} (see {@link #embedded}).
 */
@Component(
        service = {Subsystem.class, LvsRuntime.class, VrrpStateListener.class},
        immediate = true)
public final class LvsSubsystem implements Subsystem, LvsRuntime, EmbeddedLvs, VrrpStateListener {
    private static final Logger LOG = LoggerFactory.getLogger(LvsSubsystem.class);
    private static final long WAIT_MILLIS = 30_000;
    /** An embedded engine is often loaded by a benchmark: it is given longer. */
    private static final long EMBEDDED_WAIT_MILLIS = 120_000;

    private final ThreadScheduler scheduler;
    /** Records every timer's lateness; null unless embedded with {@link EmbeddedLvs.Builder#recordTimerLateness}. */
    private final LatenessRecordingScheduler lateness;

    private final long waitMillis;
    private final ProcessScriptService ownScripts;
    private final LvsNotifier notifier;
    private final LvsEngine engine;
    private volatile ForwardingPlane plane;
    private volatile VrrpRuntime vrrp;

    /** Outside OSGi: scripts and FIFOs go through a notify service of its own, closed at {@link #deactivate}. */
    public LvsSubsystem() {
        this(null, DaemonNetworkNamespace.STARTING);
    }

    /**
     * scripts: the notify service shared with VRRP and core (null: one of its own); namespace: where
     * the engine's thread runs, and with it every check socket it opens.
     */
    @Activate
    public LvsSubsystem(@Reference ScriptService scripts, @Reference DaemonNetworkNamespace namespace) {
        scheduler = new ThreadScheduler("lvs-checks", namespace.name());
        lateness = null;
        waitMillis = WAIT_MILLIS;
        ownScripts = scripts == null ? new ProcessScriptService() : null;
        notifier = new ServiceNotifier(scripts == null ? ownScripts : scripts);
        engine = new LvsEngine(scheduler, notifier, new Random());
    }

    /**
     * The engine outside OSGi, for {@link EmbeddedLvs.Builder#start()}: on a thread of its own, with
     * this plane (or none), these checker kinds and listeners, running no notify script and writing no
     * FIFO.
     */
    public LvsSubsystem(
            String threadName,
            Random random,
            ForwardingPlane plane,
            List<HealthCheckerFactory> checkers,
            List<LvsStateListener> listeners,
            boolean recordTimerLateness) {
        scheduler = new ThreadScheduler(threadName);
        lateness = recordTimerLateness ? new LatenessRecordingScheduler(scheduler) : null;
        waitMillis = EMBEDDED_WAIT_MILLIS;
        ownScripts = null;
        notifier = LvsNotifier.SILENT;
        engine = new LvsEngine(lateness != null ? lateness : scheduler, notifier, random);
        listeners.forEach(engine::addListener);
        // the first task creates the thread, here: in the caller's network namespace
        scheduler.runAndWait(
                () -> {
                    engine.setPlane(plane);
                    checkers.forEach(engine::addFactory);
                },
                waitMillis);
    }

    /** DS calls it after the constructor (its default activate method). */
    void activate() {
        LOG.info("LVS subsystem ready (data plane: {})", engine.planeName());
    }

    @Deactivate
    public void deactivate() {
        scheduler.runAndWait(engine::stop, waitMillis);
        notifier.drain(5_000);
        notifier.close();
        scheduler.close();
        if (ownScripts != null) {
            ownScripts.close();
        }
    }

    @Override
    public String name() {
        return "lvs";
    }

    @Override
    public Kind kind() {
        return Kind.CHECKER;
    }

    @Override
    public int order() {
        return ORDER_LVS;
    }

    @Override
    public void apply(KeepalivedConfig config) {
        List<String> notApplied = new java.util.concurrent.CopyOnWriteArrayList<>();
        scheduler.runAndWait(() -> notApplied.addAll(engine.apply(config)), waitMillis);
        if (!notApplied.isEmpty()) {
            throw new org.keepalivedj.api.daemon.ApplyException(notApplied);
        }
    }

    @Override
    public long[] drainTimerLateness() {
        if (lateness == null) {
            return new long[0];
        }
        long[][] out = new long[1][];
        scheduler.runAndWait(() -> out[0] = lateness.drain(), waitMillis);
        if (out[0] == null) {
            throw new IllegalStateException(
                    "the engine thread did not answer within " + waitMillis + " ms: overloaded");
        }
        return out[0];
    }

    /** {@link EmbeddedLvs}: as {@link #deactivate}. */
    @Override
    public void close() {
        deactivate();
    }

    @Override
    public org.keepalivedj.api.daemon.ReloadPlan plan(KeepalivedConfig config) {
        org.keepalivedj.api.daemon.ReloadPlan[] plan = new org.keepalivedj.api.daemon.ReloadPlan[1];
        scheduler.runAndWait(() -> plan[0] = engine.plan(config), waitMillis);
        return plan[0];
    }

    @Override
    public java.util.List<org.keepalivedj.api.daemon.Heartbeat> heartbeats() {
        return java.util.List.of(scheduler.heartbeat());
    }

    @Override
    public void stop() {
        scheduler.runAndWait(engine::stop, waitMillis);
        notifier.drain(5_000);
    }

    // ---- checker factories (public for tests that drive the daemon with this subsystem) ----

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addFactory(HealthCheckerFactory factory) {
        LOG.info("Checker available: {}", factory.keywords());
        scheduler.execute(() -> engine.addFactory(factory));
    }

    public void removeFactory(HealthCheckerFactory factory) {
        scheduler.runAndWait(() -> engine.removeFactory(factory), waitMillis);
    }

    // ---- the data plane -------------------------------------------------------------------

    /** The plane the chooser in the nft bundle publishes with chosen=true (IPVS, nftables or none). */
    @Reference(
            target = "(chosen=true)",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setPlane(ForwardingPlane newPlane) {
        plane = newPlane;
        scheduler.execute(() -> engine.setPlane(newPlane));
    }

    void unsetPlane(ForwardingPlane old) {
        if (plane == old) {
            plane = null;
            scheduler.runAndWait(() -> engine.setPlane(null), waitMillis);
        }
    }

    // ---- VRRP, for ha_suspend and lvs_sync_daemon --------------------------------------------------------------

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setVrrp(VrrpRuntime runtime) {
        vrrp = runtime;
        scheduler.execute(() -> engine.setMasterGate(new MasterGate() {
            @Override
            public boolean active(InetAddress address) {
                return LvsSubsystem.active(runtime, address);
            }

            @Override
            public boolean isMaster(String instance) {
                return runtime.instances().stream()
                        .anyMatch(i -> i.name().equals(instance) && i.state() == InstanceState.MASTER);
            }
        }));
    }

    void unsetVrrp(VrrpRuntime runtime) {
        if (vrrp == runtime) {
            vrrp = null;
            scheduler.execute(() -> engine.setMasterGate(MasterGate.OPEN));
        }
    }

    /** A VRRP state change (this is a VrrpStateListener service): the gate is asked again. */
    @Override
    public void stateChanged(VrrpInstanceView instance, InstanceState from, InstanceState to) {
        scheduler.execute(engine::masterStateChanged);
    }

    /** Active unless a VRRP instance holds the address and is not MASTER. */
    static boolean active(VrrpRuntime runtime, InetAddress address) {
        String text = org.keepalivedj.api.model.IpAddresses.format(address);
        boolean held = false;
        for (VrrpInstanceView instance : runtime.instances()) {
            for (String vip : instance.virtualAddresses()) {
                String a = vip.split("[/ ]", 2)[0];
                if (a.equals(text)) {
                    if (instance.state() == InstanceState.MASTER) {
                        return true;
                    }
                    held = true;
                }
            }
        }
        return !held;
    }

    // ---- LvsRuntime -----------------------------------------------------------------------

    @Override
    public List<VirtualServerView> virtualServers() {
        return engine.virtualServers();
    }

    @Override
    public String planeName() {
        return engine.planeName();
    }

    // ---- the whiteboard: every LvsStateListener service hears the health and quorum changes ----
    // (public for tests that drive the daemon with this subsystem)

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindListener")
    public void bindListener(LvsStateListener listener) {
        engine.addListener(listener);
    }

    public void unbindListener(LvsStateListener listener) {
        engine.removeListener(listener);
    }
}
