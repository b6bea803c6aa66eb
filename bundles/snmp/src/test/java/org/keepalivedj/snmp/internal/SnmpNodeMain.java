package org.keepalivedj.snmp.internal;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * keepalived-j's VRRP engine with the SNMP agent, as a plain process started by a test in a network
 * namespace: {@code SnmpNodeMain CONF DATA_DIR}. Prints {@code STATE NAME FROM TO} on every
 * transition and {@code REGISTERED n} when an AgentX session is registered; runs until SIGTERM.
 */
public final class SnmpNodeMain {

    private SnmpNodeMain() {}

    public static void main(String[] args) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(Path.of(args[0]))
                .config();
        NetlinkAddressManager addresses = NetlinkAddressManager.open(Path.of(args[1]));
        addresses.removeLeftovers();
        VrrpEngine engine = new VrrpEngine(addresses);
        SnmpAgent agent = new SnmpAgent(() -> engine, () -> null, () -> null);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            engine.close();
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
}
