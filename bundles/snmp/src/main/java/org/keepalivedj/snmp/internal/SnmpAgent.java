package org.keepalivedj.snmp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;

import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's SNMP support: follows each loaded config's enable_snmp_* and snmp_socket keywords,
 * keeping one AgentX session with the MIBs they enable (none: no session). Plain Java; the OSGi
 * component {@link SnmpComponent} and tests drive it.
 */
final class SnmpAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnmpAgent.class);

    private final Supplier<VrrpRuntime> vrrp;
    private final Supplier<LvsRuntime> lvs;
    private final Supplier<Daemon> daemon;
    private final MibInputs.MasterClock clock = new MibInputs.MasterClock(System::nanoTime);
    private volatile KeepalivedConfig config;
    private SnmpSettings running = SnmpSettings.OFF;
    private EventLoopGroup loop;
    private AgentxClient client;

    SnmpAgent(Supplier<VrrpRuntime> vrrp, Supplier<LvsRuntime> lvs, Supplier<Daemon> daemon) {
        this.vrrp = vrrp;
        this.lvs = lvs;
        this.daemon = daemon;
    }

    /** Follows a newly loaded config: starts, restarts (other MIBs or socket) or stops the session. */
    synchronized void apply(KeepalivedConfig newConfig) {
        config = newConfig;
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
            LOG.error("SNMP: Netty's epoll transport is not available ({}); not serving SNMP", Epoll.unavailabilityCause().toString());
            return;
        }
        if (loop == null) {
            loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        }
        client = new AgentxClient(target, sources(wanted), clock, loop);
        client.start();
    }

    private List<MibSource> sources(SnmpSettings s) {
        MibInputs in = new MibInputs(vrrp, lvs, daemon, () -> config, new Interfaces(), clock);
        List<MibSource> list = new ArrayList<>();
        if (s.keepalivedVrrp() || s.keepalivedChecker()) {
            list.add(new KeepalivedMib(in, s.traps()));
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
