package org.keepalivedj.lvs.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.SorryServer;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.api.model.VirtualServerGroup;
import org.keepalivedj.api.model.VsTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual server at run time: its real servers, quorum with hysteresis, the sorry server, and the
 * kernel services it stands for. Mutated only on the scheduler thread.
 */
final class VirtualServerState implements VirtualServerView {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualServerState.class);

    private final EngineContext ctx;
    private volatile VirtualServer config;
    private volatile List<ServiceKey> keys;
    private final Map<String, RealServerState> reals = new LinkedHashMap<>();
    private volatile List<RealServerView> realList = List.of();
    private volatile boolean quorumUp = true;
    private volatile boolean suspended;
    private String name;

    VirtualServerState(EngineContext ctx, VirtualServer config, Map<String, VirtualServerGroup> groups) {
        this.ctx = ctx;
        this.config = config;
        this.keys = ServiceKeys.of(config, groups);
        this.name = displayName(config);
    }

    /** keepalived's form for logs: {@code [192.0.2.1]:tcp:80}, {@code FWM 1}, {@code group WEB}. */
    static String displayName(VirtualServer vs) {
        if (vs.target() instanceof VsTarget.Address a) {
            return Wording.server(a.endpoint(), vs.protocol());
        }
        if (vs.target() instanceof VsTarget.Fwmark f) {
            return "FWM " + f.mark();
        }
        return vs.target().toString();
    }

    /** Starts every real server in its start state and settles the quorum silently. */
    void start(boolean initiallySuspended) {
        suspended = initiallySuspended;
        for (RealServer rs : config.realServers().values()) {
            RealServerState state = new RealServerState(this, ctx, rs);
            reals.put(rs.key(), state);
            state.start();
        }
        realList = List.copyOf(reals.values());
        LOG.info("Activating healthchecker for service {}", name);
        if (suspended) {
            LOG.info("Deactivating healthchecker for service {} (ha_suspend: not MASTER)", name);
        }
        updateQuorum(true);
        if (quorumUp) {
            // as keepalived: the start's quorum is logged and mailed, but runs no quorum_up script
            LOG.info(Wording.gainedQuorum(config.quorum(), config.hysteresis(), aliveWeight(), name));
            ctx.startedWithQuorum(this);
        }
        reals.values().forEach(this::initNotify);
    }

    /** rs_init_notifies: a real server that starts up (not alpha, no failed check) says so, as on a change. */
    private void initNotify(RealServerState rs) {
        if (ctx.rsInitNotifies() && rs.up()) {
            notifyRealServer(rs, true);
        }
    }

    /**
     * A reload: unchanged real servers keep everything; removed ones go, new ones start. Returns the
     * checker blocks that could not be built (their running checks go on), with file:line.
     */
    List<String> reconfigure(VirtualServer next, Map<String, VirtualServerGroup> groups) {
        List<String> notApplied = new java.util.ArrayList<>();
        config = next;
        keys = ServiceKeys.of(next, groups);
        name = displayName(next);
        for (var it = reals.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!next.realServers().containsKey(e.getKey())) {
                RealServerState gone = e.getValue();
                if (gone.up()) {
                    LOG.info(Wording.removing(gone.name(), name));
                }
                gone.close();
                it.remove();
            }
        }
        Map<String, RealServerState> ordered = new LinkedHashMap<>();
        for (RealServer rs : next.realServers().values()) {
            RealServerState state = reals.get(rs.key());
            if (state == null) {
                state = new RealServerState(this, ctx, rs);
                state.start();
                if (suspended) {
                    state.suspend();
                }
                initNotify(state);
            } else {
                notApplied.addAll(state.reconfigure(rs));
            }
            ordered.put(rs.key(), state);
        }
        reals.clear();
        reals.putAll(ordered);
        realList = List.copyOf(reals.values());
        updateQuorum(false);
        ctx.planeChanged();
        return notApplied;
    }

    void close() {
        reals.values().forEach(RealServerState::close);
    }

    void suspend(boolean suspend) {
        if (suspend == suspended) {
            return;
        }
        suspended = suspend;
        if (suspend) {
            LOG.info("Deactivating healthchecker for service {} (ha_suspend: not MASTER)", name);
            reals.values().forEach(RealServerState::suspend);
        } else {
            LOG.info("Activating healthchecker for service {}", name);
            reals.values().forEach(RealServerState::resume);
        }
    }

    /** Omega at shutdown: the down notifications of what is still up. */
    void omega() {
        if (!config.omega()) {
            return;
        }
        for (RealServerState rs : reals.values()) {
            if (rs.up()) {
                notifyRealServer(rs, false);
            }
        }
        if (quorumUp && config.quorumDown() != null) {
            ctx.notifier().script(config.quorumDown());
        }
    }

    /** Called by a real server one of whose checkers changed its verdict, before its own change if any. */
    void checkerChanged(RealServerState rs, CheckerStatus checker, boolean serverChanged) {
        ctx.checkerChanged(this, rs, checker, serverChanged);
    }

    /** Called by a real server whose verdict changed (never for start states). */
    void realServerChanged(RealServerState rs, boolean up) {
        if (up) {
            LOG.info(rs.inhibit() ? Wording.enabling(rs.name(), name) : Wording.adding(rs.name(), name));
        } else {
            LOG.info(rs.inhibit() ? Wording.disabling(rs.name(), name) : Wording.removing(rs.name(), name));
        }
        notifyRealServer(rs, up);
        ctx.realServerChanged(this, rs, up);
        updateQuorum(false);
        ctx.planeChanged();
    }

    private void notifyRealServer(RealServerState rs, boolean up) {
        String script = up ? rs.config().notifyUp() : rs.config().notifyDown();
        if (script != null) {
            ctx.notifier().script(script);
        }
        ctx.notifier().fifo("RS " + rs.name() + " " + name + (up ? " UP" : " DOWN"));
    }

    /** A weight or admin state changed: quorum and plane follow. */
    void weightChanged() {
        updateQuorum(false);
        ctx.planeChanged();
    }

    /**
     * Quorum with hysteresis: lost when the alive weight falls below quorum - hysteresis, gained again
     * only at quorum + hysteresis. At start the state begins as up and settles silently.
     */
    private void updateQuorum(boolean silent) {
        int alive = aliveWeight();
        int q = config.quorum();
        int h = config.hysteresis();
        if (quorumUp && alive < q - h) {
            quorumUp = false;
            quorumTransition(false, silent, alive);
        } else if (!quorumUp && alive >= q + h) {
            quorumUp = true;
            quorumTransition(true, silent, alive);
        }
    }

    private void quorumTransition(boolean up, boolean silent, int alive) {
        SorryServer sorry = config.sorryServer();
        String sorryName = sorry == null ? null : Wording.server(sorry.endpoint(), config.protocol());
        if (!silent) {
            LOG.info(
                    up
                            ? Wording.gainedQuorum(config.quorum(), config.hysteresis(), alive, name)
                            : Wording.lostQuorum(config.quorum(), config.hysteresis(), alive, name));
        }
        if (sorry != null) {
            if (up) {
                LOG.info(Wording.removingSorry(sorryName, name));
                LOG.info(Wording.addingAlive(name));
            } else {
                LOG.info(Wording.addingSorry(sorryName, name));
                LOG.info(Wording.removingAlive(name));
            }
        }
        if (silent) {
            return;
        }
        String script = up ? config.quorumUp() : config.quorumDown();
        if (script != null) {
            ctx.notifier().script(script);
        }
        ctx.notifier().fifo("VS " + name + (up ? " UP" : " DOWN"));
        ctx.quorumChanged(this, up);
        ctx.planeChanged();
    }

    /** What the data plane should hold for this virtual server: one spec per kernel service. */
    List<ServiceSpec> specs() {
        boolean sorryActive = sorryServerActive();
        List<Destination> destinations = new ArrayList<>();
        for (RealServerState rs : reals.values()) {
            Destination d = rs.destination(sorryActive);
            if (d != null) {
                destinations.add(d);
            }
        }
        SorryServer sorry = config.sorryServer();
        if (sorry != null && (sorryActive || sorry.inhibit())) {
            ForwardingMethod method = sorry.method() != null
                    ? sorry.method()
                    : config.method() != null ? config.method() : ForwardingMethod.NAT;
            Destination d = new Destination(
                    sorry.endpoint().address(), sorry.endpoint().port(), sorryActive ? 1 : 0, method, 0, 0);
            destinations.removeIf(d::sameServer);
            destinations.add(d);
        }
        List<ServiceSpec> specs = new ArrayList<>(keys.size());
        for (ServiceKey key : keys) {
            specs.add(new ServiceSpec(
                    key,
                    config.scheduler(),
                    config.schedulerFlags(),
                    config.persistenceTimeout(),
                    config.persistenceGranularity(),
                    destinations));
        }
        return specs;
    }

    VirtualServer config() {
        return config;
    }

    String name() {
        return name;
    }

    Iterable<RealServerState> realStates() {
        return reals.values();
    }

    // ---- VirtualServerView ----------------------------------------------------------------

    @Override
    public String key() {
        return config.key();
    }

    @Override
    public List<ServiceKey> services() {
        return keys;
    }

    @Override
    public int quorum() {
        return config.quorum();
    }

    @Override
    public int hysteresis() {
        return config.hysteresis();
    }

    @Override
    public int aliveWeight() {
        int sum = 0;
        for (RealServerView rs : realList) {
            sum += ((RealServerState) rs).quorumWeight();
        }
        return sum;
    }

    @Override
    public boolean quorumUp() {
        return quorumUp;
    }

    @Override
    public boolean sorryServerActive() {
        return !quorumUp && config.sorryServer() != null;
    }

    @Override
    public boolean suspended() {
        return suspended;
    }

    @Override
    public List<RealServerView> realServers() {
        return realList;
    }
}
