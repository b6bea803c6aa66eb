package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * promote_secondaries as keepalived 2.2.7 does it (docs/vrrp-interfaces.md): the interface's sysctl is
 * 1 while the instance runs, so deleting the primary address promotes the VIP instead of taking every
 * secondary address of the subnet with it, and it is 0 again after stop.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class PromoteSecondariesNamespaceTest {

    private static final String CONFIG = """
            vrrp_instance VI_P {
              state MASTER
              interface eth9
              virtual_router_id 51
              priority 100
              advert_int 1
              promote_secondaries
              virtual_ipaddress {
                10.9.0.100/24
              }
            }
            """;

    @Test
    void deletingThePrimaryAddressKeepsTheVip(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(CONFIG, "promote.conf", dir)
                .config();
        Netns us = lab.namespace("us");
        Netns peer = lab.namespace("peer");
        lab.vethPair(us, "eth9", peer, "p9");
        NetLab.addAddress(us, "eth9", "10.9.0.1/24");
        assertEquals("0", sysctl(us));
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            VrrpInstanceView vi = engine.instance("VI_P").orElseThrow();
            await(() -> vi.state() == InstanceState.MASTER);
            assertEquals("1", sysctl(us));
            NetLab.addAddress(us, "eth9", "10.9.0.2/24");

            us.execOrThrow("ip", "addr", "del", "10.9.0.1/24", "dev", "eth9");
            String left =
                    us.execOrThrow("ip", "-4", "addr", "show", "dev", "eth9").stdout();
            assertTrue(left.contains("inet 10.9.0.100/24 scope global eth9"), left); // promoted to primary
            assertTrue(left.contains("inet 10.9.0.2/24"), left);
        } finally {
            engine.close();
            addresses.close();
        }
        assertEquals("0", sysctl(us));
    }

    private static String sysctl(Netns ns) {
        return ns.execOrThrow("sysctl", "-n", "net.ipv4.conf.eth9.promote_secondaries")
                .stdout()
                .strip();
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
