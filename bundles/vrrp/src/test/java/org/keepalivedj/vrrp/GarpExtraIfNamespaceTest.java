package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.netlink.PacketSocket;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * garp_extra_if on a second LAN: with "all", the VIP there is announced again every interval while
 * MASTER; without it only a VMAC's addresses are (none: only at the transition); the instance's own
 * interface gets no repeats.
 * The same as keepalived 2.2.7 did in the lab with `garp_extra_if all 2` and `garp_extra_if 2`.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class GarpExtraIfNamespaceTest {

    private static final String CONF = """
            global_defs {
              vrrp_version 3
              vrrp_min_garp
            }
            vrrp_instance VI_ALL {
              state MASTER
              interface eth0
              virtual_router_id 92
              priority 200
              advert_int 0.1
              garp_extra_if all 1
              virtual_ipaddress {
                192.0.2.192/24 dev eth0
                198.51.100.192/24 dev eth1
              }
            }
            vrrp_instance VI_VMAC_ONLY {
              state MASTER
              interface eth0
              virtual_router_id 93
              priority 200
              advert_int 0.1
              garp_extra_if 1
              virtual_ipaddress {
                198.51.100.193/24 dev eth1
              }
            }
            vrrp_instance VI_VMAC {
              state MASTER
              interface eth0
              use_vmac
              virtual_router_id 94
              priority 200
              advert_int 0.1
              vmac_garp_intvl 1
              virtual_ipaddress {
                192.0.2.194/24
              }
            }
            """;

    @Test
    void allRepeatsTheOtherInterfacesAddressesWhileMaster(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(CONF, "extra.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        lab.attach(us, "seg2", "eth1", "198.51.100.1/24");
        Netns probe0 = lab.node("probe", "192.0.2.2/24");
        Netns probe1 = lab.namespace("probe1");
        lab.attach(probe1, "seg2", "eth1", "198.51.100.2/24");
        PacketSocket capture0 = probe0.call(() -> PacketSocket.open("eth0", PacketSocket.ETH_P_ARP));
        PacketSocket capture1 = probe1.call(() -> PacketSocket.open("eth1", PacketSocket.ETH_P_ARP));
        List<String> seen0 = new CopyOnWriteArrayList<>();
        List<String> seen1 = new CopyOnWriteArrayList<>();
        startCapture(capture0, seen0);
        startCapture(capture1, seen1);
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            await(() -> engine.instances().stream().allMatch(v -> v.state() == InstanceState.MASTER), () -> "MASTER");
            await(() -> count(seen1, "198.51.100.192") >= 4, seen1::toString);
            // the VMAC's address is repeated without "all" (vmac_garp_intvl: the deprecated spelling)
            await(() -> count(seen0, "192.0.2.194") >= 4, seen0::toString);
            assertEquals(1, count(seen1, "198.51.100.193"), "no VMAC and no all: the transition's ARP only");
            assertEquals(1, count(seen0, "192.0.2.192"), "the instance's own interface: no repeats");
        } finally {
            engine.close();
            addresses.close();
            capture0.close();
            capture1.close();
        }
    }

    private static long count(List<String> seen, String vip) {
        return seen.stream().filter(vip::equals).count();
    }

    private static void startCapture(PacketSocket capture, List<String> seen) {
        Thread t = new Thread(
                () -> {
                    while (true) {
                        byte[] f;
                        try {
                            f = capture.receive(Duration.ofMillis(200));
                        } catch (RuntimeException e) {
                            return; // closed
                        }
                        // gratuitous: sender and target protocol address are the same
                        if (f != null
                                && f.length >= 42
                                && Arrays.equals(Arrays.copyOfRange(f, 28, 32), Arrays.copyOfRange(f, 38, 42))) {
                            try {
                                seen.add(InetAddress.getByAddress(Arrays.copyOfRange(f, 28, 32))
                                        .getHostAddress());
                            } catch (java.net.UnknownHostException e) {
                                throw new AssertionError(e);
                            }
                        }
                    }
                },
                "arp-capture");
        t.setDaemon(true);
        t.start();
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not met within 15 s: " + what.get());
            }
            Thread.sleep(10);
        }
    }
}
