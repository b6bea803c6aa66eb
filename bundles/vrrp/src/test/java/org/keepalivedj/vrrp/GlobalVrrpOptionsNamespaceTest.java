package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.netlink.VrrpSocket;
import org.keepalivedj.testsupport.CapturedLog;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/** global_defs' disable_local_igmp, and log_unknown_vrids left out, in a namespace. */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class GlobalVrrpOptionsNamespaceTest {

    private static final String SYSCTL = "/proc/sys/net/ipv4/igmp_link_local_mcast_reports";

    private static final String CONF = """
            global_defs {
              vrrp_version 3
              %s
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 81
              priority 100
              advert_int 1
              virtual_ipaddress {
                192.0.2.181/24 dev eth0
              }
            }
            """;

    private static KeepalivedConfig config(String globals, Path dir) throws Exception {
        return KeepalivedConfigLoader.withBuiltinCheckers()
                .load(CONF.formatted(globals), "g.conf", dir)
                .config();
    }

    /** keepalived 2.2.7 writes 0 at start and puts the old value back at exit; so do we, and on a reload without it. */
    @Test
    void disableLocalIgmpTurnsLinkLocalReportsOffInTheEnginesNamespaceOnly(NetLab lab, @TempDir Path dir)
            throws Exception {
        Netns us = lab.node("us", "192.0.2.1/24");
        String host = Files.readString(Path.of(SYSCTL)).strip();
        assertEquals("1", sysctl(us), "the kernel's default");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config("disable_local_igmp", dir)));
            assertEquals("0", sysctl(us));
            assertEquals(host, Files.readString(Path.of(SYSCTL)).strip(), "the test's own namespace is not touched");
            us.run(() -> engine.apply(config("", dir)));
            assertEquals("1", sysctl(us), "a reload without the keyword restores it");
            us.run(() -> engine.apply(config("disable_local_igmp", dir)));
            assertEquals("0", sysctl(us));
        } finally {
            engine.close();
            addresses.close();
        }
        assertEquals("1", sysctl(us), "restored at stop");
    }

    /** Without log_unknown_vrids an advert for a VRID we do not run is counted and not logged (keepalived's default). */
    @Test
    void unknownVridsAreCountedButNotLoggedUnlessAskedFor(NetLab lab, @TempDir Path dir) throws Exception {
        Netns us = lab.node("us", "192.0.2.1/24");
        Netns txNs = lab.node("tx", "192.0.2.2/24");
        InetAddress tx = InetAddress.getByName("192.0.2.2");
        InetAddress group = VrrpSocket.GROUP_V4;
        VrrpSocket sender = txNs.call(() -> VrrpSocket.openIpv4("eth0"));
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try (CapturedLog log = new CapturedLog()) {
            us.run(() -> engine.apply(config("", dir)));
            VrrpInstanceView vi = engine.instance("VI_1").orElseThrow();
            List<InetAddress> vip = List.of(InetAddress.getByName("192.0.2.181"));
            byte[] known = VrrpCodec.encode(VrrpAdvert.v3(81, 50, 100, vip), tx, group, ChecksumMode.STANDARD);
            // the instance's socket is opened on the engine thread: wait until it hears the known VRID
            long sent = System.nanoTime();
            while (vi.counters().get("advertisementsReceived") == 0) {
                if (System.nanoTime() - sent > 15_000_000_000L) {
                    throw new AssertionError("the known VRID's advert not received in 15 s: " + vi.counters());
                }
                sender.send(known, group, tx);
                Thread.sleep(50);
            }
            for (int i = 0; i < 3; i++) {
                sender.send(
                        VrrpCodec.encode(VrrpAdvert.v3(99, 100, 100, vip), tx, group, ChecksumMode.STANDARD),
                        group,
                        tx);
            }
            await(() -> engine.unknownVridCount() == 3, () -> "unknown VRIDs counted: " + engine.unknownVridCount());
            // one socket reads in order: once a known VRID's advert sent after them is handled, a log
            // line for the unknown ones would have been written before it
            long before = vi.counters().get("advertisementsReceived");
            sender.send(known, group, tx);
            await(
                    () -> vi.counters().get("advertisementsReceived") > before,
                    () -> vi.counters().toString());
            assertEquals(3, engine.unknownVridCount());
            assertFalse(log.text().contains("Unknown VRID"), log::text);
        } finally {
            engine.close();
            addresses.close();
            sender.close();
        }
    }

    private static String sysctl(Netns ns) {
        return ns.execOrThrow("cat", SYSCTL).stdout().strip();
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
