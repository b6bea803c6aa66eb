package org.keepalivedj.snmp.internal;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.bfd.internal.BfdSubsystem;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.check.tcp.TcpCheckFactory;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.lvs.internal.LvsSubsystem;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.nft.NftForwardingPlane;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * keepalived-j's VRRP engine, and its LVS engine (TCP_CHECK, the nftables data plane of the
 * namespace) when the config has virtual servers, with the SNMP agent, as a plain process started by
 * a test in a network namespace: {@code SnmpNodeMain CONF DATA_DIR}. Prints {@code STATE NAME FROM
 * TO} on every transition and {@code REGISTERED n} when an AgentX session is registered; runs until
 * SIGTERM.
 */
public final class SnmpNodeMain {

    private SnmpNodeMain() {}

    public static void main(String[] args) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(Path.of(args[0]))
                .config();
        NetlinkAddressManager addresses = NetlinkAddressManager.open(Path.of(args[1]));
        addresses.removeLeftovers();
        VrrpEngine engine = VrrpEngine.builder(addresses).start();
        boolean lvsToo = !config.virtualServers().isEmpty();
        NettyCheckRuntime checks = lvsToo ? new NettyCheckRuntime(1, 1) : null;
        ForwardingPlane plane = lvsToo ? new NftForwardingPlane() : null;
        LvsSubsystem lvs = lvsToo ? new LvsSubsystem() : null;
        // bfd_instance sessions, for track_bfd (the VRRP engine listens as the whiteboard would bind it) and
        // vrrpBfdTable
        BfdSubsystem bfd = config.bfdInstances().isEmpty() ? null : new BfdSubsystem();
        if (bfd != null) {
            bfd.apply(config);
            call(bfd, "bindListener", engine);
        }
        SnmpAgent agent = new SnmpAgent(() -> engine, () -> lvs, () -> plane, () -> null, () -> bfd);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            if (lvs != null) {
                lvs.stop();
                call(lvs, "deactivate");
                plane.close();
                checks.close();
            }
            engine.close();
            if (bfd != null) {
                bfd.stop();
                call(bfd, "deactivate");
            }
            addresses.removeAll();
            addresses.close();
            System.out.println("STOPPED");
            System.out.flush();
            stopped.countDown();
        }));
        engine.addListener((v, from, to) -> {
            System.out.println("STATE " + v.name() + " " + from + " " + to);
            System.out.flush();
        });
        engine.addListener(agent);
        engine.apply(config);
        if (lvs != null) {
            call(lvs, "activate");
            call(lvs, "setPlane", plane);
            call(lvs, "addFactory", new TcpCheckFactory(checks));
            lvs.bindListener(agent);
            lvs.apply(config);
        }
        agent.apply(config);
        System.out.println("STARTED");
        System.out.flush();
        long reported = 0;
        while (stopped.getCount() > 0) {
            AgentxClient client = agent.client();
            long sessions = client == null ? 0 : client.sessions();
            if (sessions != reported && client.registered()) {
                reported = sessions;
                System.out.println("REGISTERED " + sessions);
                System.out.flush();
            }
            Thread.sleep(50);
        }
    }

    /** LvsSubsystem's and BfdSubsystem's DS methods are package-private (SCR calls them); this stands in for SCR. */
    private static void call(Object component, String name, Object... args) {
        try {
            for (Method m : component.getClass().getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                    m.setAccessible(true);
                    m.invoke(component, args);
                    return;
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(name, e);
        }
        throw new IllegalStateException("no method " + name);
    }
}
