package org.keepalivedj.lvs.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.VirtualServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health-check engine: every virtual server of the config, their checkers on one scheduler
 * thread, and the data plane kept equal to what the verdicts say. Every method except the view
 * reads must run on the scheduler thread (the OSGi component hands calls over).
 */
final class LvsEngine implements LvsRuntime, EngineContext {
    private static final Logger LOG = LoggerFactory.getLogger(LvsEngine.class);
    private static final long PLANE_RETRY_NANOS = 1_000_000_000L;

    private final Scheduler scheduler;
    private final LvsNotifier notifier;
    private final Random random;
    private final Map<String, VirtualServerState> servers = new LinkedHashMap<>();
    private volatile List<VirtualServerView> serverList = List.of();
    private final Map<String, HealthCheckerFactory> factories = new LinkedHashMap<>();
    private final List<LvsStateListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ForwardingPlane plane;
    private volatile org.keepalivedj.api.check.CheckerContext checkerContext =
            org.keepalivedj.api.check.CheckerContext.NONE;
    private volatile boolean checkerLogAllFailures;
    private volatile boolean rsInitNotifies;
    private MasterGate gate = MasterGate.OPEN;
    private final PlaneGlobals planeGlobals = new PlaneGlobals();
    private boolean flushQueued;
    private boolean stopped;
    private long applies;

    LvsEngine(Scheduler scheduler, LvsNotifier notifier, Random random) {
        this.scheduler = scheduler;
        this.notifier = notifier;
        this.random = random;
    }

    // ---- config ---------------------------------------------------------------------------

    /**
     * Runs this config from now on: a diff against what runs. Returns the checker blocks whose checker
     * could not be created while a running check of theirs goes on (file:line: message).
     */
    List<String> apply(KeepalivedConfig config) {
        List<String> notApplied = new ArrayList<>();
        stopped = false;
        checkerContext = org.keepalivedj.api.check.CheckerContext.of(config);
        notifier.configure(config.globalDefs());
        var globals = config.globalDefs().settings();
        checkerLogAllFailures = Boolean.TRUE.equals(globals.flag("checker_log_all_failures"));
        rsInitNotifies = Boolean.TRUE.equals(globals.flag("rs_init_notifies"));
        planeGlobals.configure(config);
        Map<String, VirtualServer> next = config.virtualServers();
        for (var it = servers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!next.containsKey(e.getKey())) {
                LOG.info("Removing Virtual Server {}", e.getValue().name());
                e.getValue().close();
                it.remove();
            }
        }
        Map<String, VirtualServerState> ordered = new LinkedHashMap<>();
        for (VirtualServer vs : next.values()) {
            VirtualServerState state = servers.get(vs.key());
            if (state == null) {
                state = new VirtualServerState(this, vs, config.virtualServerGroups());
                state.start(isSuspended(state));
            } else {
                notApplied.addAll(state.reconfigure(vs, config.virtualServerGroups()));
                state.suspend(isSuspended(state));
            }
            ordered.put(vs.key(), state);
        }
        servers.clear();
        servers.putAll(ordered);
        serverList = List.copyOf(servers.values());
        warnAboutMissingCheckers();
        planeChanged();
        return notApplied;
    }

    /** What {@link #apply} would change for this config; changes nothing. */
    org.keepalivedj.api.daemon.ReloadPlan plan(KeepalivedConfig config) {
        Map<String, VirtualServer> running = new LinkedHashMap<>();
        servers.forEach((key, state) -> running.put(key, state.config()));
        boolean sslChanged = !java.util.Objects.equals(checkerContext.ssl(), config.ssl());
        return LvsReloadPlan.of(running, config.virtualServers(), sslChanged);
    }

    private void warnAboutMissingCheckers() {
        Map<String, Integer> waiting = new java.util.TreeMap<>();
        for (VirtualServerState vs : servers.values()) {
            for (RealServerState rs : vs.realStates()) {
                for (CheckerRun run : rs.runs()) {
                    if (!run.running()) {
                        waiting.merge(run.kind(), 1, Integer::sum);
                    }
                }
            }
        }
        waiting.forEach((kind, n) -> LOG.warn(
                "No checker installed for {}: {} check(s) wait for one; their real servers"
                        + " keep their start state (up, or down with alpha) until it comes",
                kind,
                n));
    }

    /** Stops every check; omega's notifications run; our services leave the data plane. */
    void stop() {
        stopped = true;
        for (VirtualServerState vs : servers.values()) {
            vs.omega();
            vs.close();
        }
        servers.clear();
        serverList = List.of();
        ForwardingPlane p = plane;
        if (p != null && !planeGlobals.stop(p)) {
            clearPlane(p);
        }
    }

    private static void clearPlane(ForwardingPlane p) {
        try {
            p.clear();
        } catch (ForwardingPlaneException | RuntimeException e) {
            LOG.error("Could not remove our services from the {} data plane: {}", p.name(), e.getMessage());
        }
    }

    // ---- services around us ---------------------------------------------------------------

    void setPlane(ForwardingPlane newPlane) {
        ForwardingPlane old = plane;
        if (old != null && old != newPlane) {
            // Nobody drives the old plane after this: what we programmed there must not keep forwarding
            // (at shutdown the plane can be unbound before we are stopped).
            clearPlane(old);
        }
        plane = newPlane;
        LOG.info("Data plane: {}", newPlane == null ? "none (checks run, nothing is forwarded)" : newPlane.name());
        planeChanged();
    }

    void addFactory(HealthCheckerFactory factory) {
        for (String kind : factory.keywords()) {
            factories.put(kind, factory);
        }
        for (VirtualServerState vs : servers.values()) {
            for (RealServerState rs : vs.realStates()) {
                for (CheckerRun run : rs.runs()) {
                    if (!run.running() && factory.keywords().contains(run.kind())) {
                        rs.attachIfPossible(run);
                    }
                }
            }
        }
    }

    void removeFactory(HealthCheckerFactory factory) {
        factories.values().removeIf(f -> f == factory);
        int stopped = 0;
        for (VirtualServerState vs : servers.values()) {
            for (RealServerState rs : vs.realStates()) {
                stopped += rs.factoryGone(factory);
            }
        }
        if (stopped > 0) {
            LOG.error(
                    "Checker bundle for {} is gone: {} checker(s) stopped; until it comes back they count as up"
                            + " (down with alpha)",
                    factory.keywords(),
                    stopped);
        }
    }

    void setMasterGate(MasterGate newGate) {
        gate = newGate == null ? MasterGate.OPEN : newGate;
        masterStateChanged();
    }

    /** A VRRP instance changed state: ha_suspend virtual servers and the sync daemons follow. */
    void masterStateChanged() {
        for (VirtualServerState vs : servers.values()) {
            vs.suspend(isSuspended(vs));
        }
        planeChanged();
    }

    private boolean isSuspended(VirtualServerState vs) {
        if (!vs.config().haSuspend()) {
            return false;
        }
        List<ServiceKey> keys = vs.services();
        boolean anyAddress = false;
        for (ServiceKey k : keys) {
            if (k.address() != null) {
                anyAddress = true;
                if (gate.active(k.address())) {
                    return false;
                }
            }
        }
        return anyAddress;
    }

    // ---- the data plane -------------------------------------------------------------------

    @Override
    public void planeChanged() {
        if (!flushQueued) {
            flushQueued = true;
            scheduler.execute(this::flush);
        }
    }

    private void flush() {
        flushQueued = false;
        ForwardingPlane p = plane;
        if (p == null || stopped) {
            return;
        }
        planeGlobals.beforeServices(p, gate);
        List<ServiceSpec> specs = desiredServices();
        try {
            p.apply(specs);
            applies++;
        } catch (ForwardingPlaneException | RuntimeException e) {
            LOG.error("The {} data plane refused our services: {}; trying again in 1 s", p.name(), e.getMessage());
            scheduler.schedule(PLANE_RETRY_NANOS, this::planeChanged);
        }
    }

    /** Every kernel service we want, as the plane should hold it now. */
    List<ServiceSpec> desiredServices() {
        List<ServiceSpec> specs = new ArrayList<>();
        for (VirtualServerState vs : servers.values()) {
            specs.addAll(vs.specs());
        }
        return specs;
    }

    long appliesDone() {
        return applies;
    }

    // ---- EngineContext --------------------------------------------------------------------

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public LvsNotifier notifier() {
        return notifier;
    }

    @Override
    public Optional<HealthCheckerFactory> factory(String kind) {
        return Optional.ofNullable(factories.get(kind));
    }

    @Override
    public org.keepalivedj.api.check.CheckerContext checkerContext() {
        return checkerContext;
    }

    @Override
    public boolean checkerLogAllFailures() {
        return checkerLogAllFailures;
    }

    @Override
    public boolean rsInitNotifies() {
        return rsInitNotifies;
    }

    @Override
    public long warmupDelay(Timing timing) {
        long w = timing.warmup().toNanos();
        return w <= 0 ? 0 : (long) (random.nextDouble() * w);
    }

    @Override
    public void realServerChanged(VirtualServerView vs, RealServerView rs, boolean up) {
        for (LvsStateListener l : listeners) {
            try {
                l.realServerChanged(vs, rs, up);
            } catch (RuntimeException e) {
                LOG.warn("LVS state listener failed", e);
            }
        }
    }

    @Override
    public void checkerChanged(VirtualServerView vs, RealServerView rs, CheckerStatus checker, boolean serverChanged) {
        for (LvsStateListener l : listeners) {
            try {
                l.checkerChanged(vs, rs, checker, serverChanged);
            } catch (RuntimeException e) {
                LOG.warn("LVS state listener failed", e);
            }
        }
    }

    @Override
    public void quorumChanged(VirtualServerView vs, boolean up) {
        for (LvsStateListener l : listeners) {
            try {
                l.quorumChanged(vs, up);
            } catch (RuntimeException e) {
                LOG.warn("LVS state listener failed", e);
            }
        }
    }

    @Override
    public void startedWithQuorum(VirtualServerView vs) {
        for (LvsStateListener l : listeners) {
            try {
                l.startedWithQuorum(vs);
            } catch (RuntimeException e) {
                LOG.warn("LVS state listener failed", e);
            }
        }
    }

    // ---- LvsRuntime -----------------------------------------------------------------------

    @Override
    public List<VirtualServerView> virtualServers() {
        return serverList;
    }

    @Override
    public String planeName() {
        ForwardingPlane p = plane;
        return p == null ? "none" : p.name();
    }

    /** Told every health and quorum change from now on (any thread). */
    void addListener(LvsStateListener listener) {
        listeners.add(listener);
    }

    void removeListener(LvsStateListener listener) {
        listeners.remove(listener);
    }
}
