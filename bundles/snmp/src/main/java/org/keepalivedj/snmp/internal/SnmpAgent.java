package org.keepalivedj.snmp.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.AdvertError;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's SNMP support: follows each loaded config's enable_snmp_* and snmp_socket keywords,
 * keeping one AgentX session with the MIBs they enable (none: no session). Plain Java; the OSGi
 * component {@link SnmpComponent} and tests drive it.
 */
final class SnmpAgent implements AutoCloseable, VrrpStateListener, LvsStateListener {

    private static final Logger LOG = LoggerFactory.getLogger(SnmpAgent.class);
    /** Transitions kept while no session is registered (snmpd down or not yet connected); the oldest go first. */
    static final int MAX_PENDING_TRAPS = 256;

    private final Supplier<VrrpRuntime> vrrp;
    private final Supplier<LvsRuntime> lvs;
    private final Supplier<Daemon> daemon;
    private final MibInputs.MasterClock clock = new MibInputs.MasterClock(System::nanoTime);
    private volatile KeepalivedConfig config;
    private SnmpSettings running = SnmpSettings.OFF;
    private EventLoopGroup loop;
    private AgentxClient client;
    private final MibInputs inputs;
    private final Traps traps;
    /** Transitions not yet turned into notifications, and what the ones sent said (guarded by itself). */
    private final java.util.ArrayDeque<Traps.Event> pending = new java.util.ArrayDeque<>();

    private final java.util.Map<String, InstanceState> instanceStates = new java.util.HashMap<>();
    private final java.util.Map<String, InstanceState> groupStates = new java.util.HashMap<>();
    private long trapsDropped;

    SnmpAgent(
            Supplier<VrrpRuntime> vrrp,
            Supplier<LvsRuntime> lvs,
            Supplier<ForwardingPlane> plane,
            Supplier<Daemon> daemon,
            Supplier<org.keepalivedj.api.bfd.BfdRuntime> bfd) {
        this.vrrp = vrrp;
        this.lvs = lvs;
        this.daemon = daemon;
        this.inputs = new MibInputs(vrrp, lvs, plane, daemon, bfd, () -> config, new Interfaces(), clock);
        this.traps = new Traps(inputs);
    }

    /**
     * Told of every VRRP transition (on the VRRP thread: only queues). Queued even before the first
     * config or session, so the start-up transitions are announced once snmpd is reached, as
     * keepalived, which connects before it starts VRRP, announces them.
     */
    @Override
    public void stateChanged(VrrpInstanceView instance, InstanceState from, InstanceState to) {
        queue(new Traps.Transition(instance, from, to));
    }

    /** Told of adverts dropped for authentication or protocol errors (on the VRRP thread: only queues). */
    @Override
    public void advertRejected(VrrpInstanceView instance, AdvertError error, java.net.InetAddress source) {
        queue(new Traps.Rejection(instance, error, source));
    }

    /** Told of real server verdicts (on the health-check thread: only queues). */
    @Override
    public void realServerChanged(VirtualServerView virtualServer, RealServerView realServer, boolean up) {
        queue(new Traps.ServerChange(
                virtualServer,
                realServer,
                up,
                serversUp(virtualServer),
                virtualServer.realServers().size()));
    }

    @Override
    public void quorumChanged(VirtualServerView virtualServer, boolean up) {
        queue(new Traps.ServerChange(
                virtualServer,
                null,
                up,
                serversUp(virtualServer),
                virtualServer.realServers().size()));
    }

    /** keepalived sends the quorum-met notification for a virtual server that starts with its quorum. */
    @Override
    public void startedWithQuorum(VirtualServerView virtualServer) {
        quorumChanged(virtualServer, true);
    }

    private static int serversUp(VirtualServerView vs) {
        return (int) vs.realServers().stream().filter(RealServerView::up).count();
    }

    private void queue(Traps.Event event) {
        synchronized (pending) {
            if (pending.size() == MAX_PENDING_TRAPS) {
                pending.removeFirst();
                trapsDropped++;
            }
            pending.add(event);
        }
        sendTraps();
    }

    /** Turns the queued transitions into notifications when a session can carry them; drops them when traps are off. */
    private void sendTraps() {
        KeepalivedConfig c = config;
        AgentxClient session;
        SnmpSettings settings;
        synchronized (this) {
            session = client;
            settings = running;
        }
        synchronized (pending) {
            if (c == null) {
                return;
            }
            if (!settings.traps()) {
                pending.clear();
                return;
            }
            while (!pending.isEmpty() && session != null && session.registered()) {
                Traps.Event e = pending.peekFirst();
                if (e instanceof Traps.Transition t) {
                    for (List<VarBind> trap : traps.of(t, settings, c, instanceStates, groupStates)) {
                        session.notify(trap);
                    }
                } else if (e instanceof Traps.Rejection r) {
                    for (List<VarBind> trap : traps.of(r, settings, c)) {
                        session.notify(trap);
                    }
                } else if (e instanceof Traps.ServerChange change && settings.keepalivedChecker()) {
                    session.notify(traps.of(change, c));
                }
                pending.removeFirst();
            }
        }
    }

    /** Traps dropped because too many waited for a session. */
    long trapsDropped() {
        synchronized (pending) {
            return trapsDropped;
        }
    }

    /** Follows a newly loaded config: starts, restarts (other MIBs or socket) or stops the session. */
    void apply(KeepalivedConfig newConfig) {
        config = newConfig;
        applySettings(newConfig);
        sendTraps();
    }

    private synchronized void applySettings(KeepalivedConfig newConfig) {
        SnmpSettings wanted = SnmpSettings.of(newConfig.globalDefs());
        if (wanted.equals(running) && (client != null || !wanted.enabled())) {
            return;
        }
        stopClient();
        running = wanted;
        if (!wanted.enabled()) {
            return;
        }
        SnmpSettings.Target target;
        try {
            target = wanted.target();
        } catch (IllegalArgumentException e) {
            LOG.error("SNMP: {}; not serving SNMP", e.getMessage());
            return;
        }
        if (!Epoll.isAvailable()) {
            LOG.error(
                    "SNMP: Netty's epoll transport is not available ({}); not serving SNMP",
                    Epoll.unavailabilityCause().toString());
            return;
        }
        if (loop == null) {
            loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        }
        client = new AgentxClient(
                target,
                sources(wanted),
                new Sets(inputs, wanted.keepalivedVrrp(), wanted.keepalivedChecker()),
                clock,
                loop,
                this::sendTraps);
        client.start();
    }

    private List<MibSource> sources(SnmpSettings s) {
        MibInputs in = inputs;
        List<MibSource> list = new ArrayList<>();
        if (s.keepalivedVrrp() || s.keepalivedChecker()) {
            list.add(new KeepalivedMib(in, s.traps(), s.keepalivedVrrp()));
        }
        if (s.keepalivedChecker()) {
            list.add(new CheckMib(in));
        }
        if (s.rfc2787()) {
            list.add(new VrrpMibs.V2(in, s.traps()));
        }
        if (s.rfc6527()) {
            list.add(new VrrpMibs.V3(in));
        }
        return list;
    }

    /** The current session, or null when SNMP is off. */
    synchronized AgentxClient client() {
        return client;
    }

    private void stopClient() {
        if (client != null) {
            client.close();
            client = null;
        }
        running = SnmpSettings.OFF;
    }

    /** Ends the session (the config no longer runs). */
    synchronized void stop() {
        stopClient();
    }

    @Override
    public synchronized void close() {
        stopClient();
        if (loop != null) {
            loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
            loop = null;
        }
    }
}
