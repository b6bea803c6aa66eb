package org.keepalivedj.vrrp.interop;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * A keepalived-j VRRP node as a plain process: {@code NodeMain CONF DATA_DIR}. Runs until SIGTERM
 * (graceful: priority 0, VIPs removed) or SIGKILL (a crash: nothing is cleaned up). Prints
 * {@code STATE NAME FROM TO} on every transition.
 */
public final class NodeMain {

    private NodeMain() {}

    public static void main(String[] args) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(Path.of(args[0]))
                .config();
        NetlinkAddressManager addresses = NetlinkAddressManager.open(Path.of(args[1]));
        int stale = addresses.removeLeftovers();
        if (stale > 0) {
            System.out.println("removed " + stale + " stale address(es)");
        }
        VrrpEngine engine = VrrpEngine.builder(addresses).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            addresses.removeAll();
            addresses.close();
            System.out.println("STOPPED");
            System.out.flush();
            stopped.countDown();
        }));
        engine.addListener((v, from, to) -> {
            System.out.println("STATE " + v.name() + " " + from + " " + to + " " + System.nanoTime());
            System.out.flush();
        });
        engine.apply(config);
        System.out.println("STARTED");
        System.out.flush();
        stopped.await();
    }
}
