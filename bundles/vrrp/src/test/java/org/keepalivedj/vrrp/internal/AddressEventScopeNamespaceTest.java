package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * With many instances each holding its VIPs, the kernel's event for one deleted VIP reaches the
 * one instance that holds it, not every instance: a failover adds or removes every VIP, one event
 * each, so an event that walked all instances cost instances x VIPs.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class AddressEventScopeNamespaceTest {

    private static final int INSTANCES = 20;

    private static String config() {
        StringBuilder c = new StringBuilder("global_defs {\n  vrrp_version 3\n}\n");
        for (int i = 0; i < INSTANCES; i++) {
            c.append("vrrp_instance VI_")
                    .append(i)
                    .append(" {\n  state BACKUP\n  interface eth0\n  virtual_router_id ")
                    .append(i + 1)
                    .append("\n  priority 150\n  advert_int 0.1\n  virtual_ipaddress {\n    192.0.2.")
                    .append(100 + i)
                    .append("/32 dev eth0\n  }\n}\n");
        }
        return c.toString();
    }

    @Test
    void aDeletedVipReachesOnlyItsInstance(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(config(), "test.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        Engine engine = us.call(() -> (Engine) VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            await(() -> engine.instances().stream().allMatch(v -> v.state() == InstanceState.MASTER));
            await(() -> holds(us, "192.0.2." + (100 + INSTANCES - 1) + "/32"));
            long before = reached(engine);
            var vi3 = engine.instance("VI_3").orElseThrow();
            var mastered = vi3.lastTransition();

            us.execOrThrow("ip", "addr", "del", "192.0.2.103/32", "dev", "eth0");
            await(() -> !vi3.lastTransition().equals(mastered)); // it left MASTER
            assertEquals(1, reached(engine) - before, "instances the deleted VIP's event reached");
            await(() -> vi3.state() == InstanceState.MASTER && holds(us, "192.0.2.103/32"));
            assertEquals(1, reached(engine) - before, "the VIP added back reaches no instance");
            assertEquals(
                    INSTANCES,
                    engine.instances().stream()
                            .filter(v -> v.state() == InstanceState.MASTER)
                            .count());
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static boolean holds(Netns ns, String address) {
        return ns.exec("ip", "-o", "addr", "show", "dev", "eth0").stdout().contains(" " + address + " ");
    }

    private static long reached(Engine engine) {
        long[] out = new long[1];
        engine.timer().runAndWait(() -> out[0] = engine.events().instancesReached());
        return out[0];
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
