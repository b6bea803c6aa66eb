package org.keepalivedj.benchmarks.vrrp;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.vrrp.VrrpEngine;

/** A keepalived-j VRRP node process for the benchmarks: {@code VrrpNode CONF DATA_DIR}; SIGTERM stops it cleanly. */
public final class VrrpNode {

    private VrrpNode() {}

    public static void main(String[] args) throws Exception {
        var config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(Path.of(args[0]))
                .config();
        NetlinkAddressManager addresses = NetlinkAddressManager.open(Path.of(args[1]));
        addresses.removeLeftovers();
        VrrpEngine engine = VrrpEngine.builder(addresses).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("timer max lateness " + engine.maxTimerLatenessNanos() / 1000 + " us, pauses "
                    + engine.timerPauses());
            engine.close();
            addresses.removeAll();
            addresses.close();
            stopped.countDown();
        }));
        engine.addListener((v, from, to) -> System.out.println("STATE " + v.name() + " " + to));
        engine.apply(config);
        System.out.println("STARTED");
        System.out.flush();
        stopped.await();
    }
}
