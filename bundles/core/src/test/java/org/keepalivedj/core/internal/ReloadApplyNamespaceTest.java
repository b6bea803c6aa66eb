package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.netlink.NetlinkMonitor;
import org.keepalivedj.netlink.NetworkNamespace;
import org.keepalivedj.netlink.RtNetlink;
import org.keepalivedj.staticnet.internal.StaticNetworkSubsystem;
import org.keepalivedj.testsupport.CapturedLog;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * A reload whose new config the kernel refuses in part (addresses on a device that does not exist, a
 * track_interface naming one):
 * the daemon with the real VRRP engine and static network subsystem in a namespace. The running VRRP
 * instances (MASTER) and the static address stay, in the kernel too; the load result names the lines.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class ReloadApplyNamespaceTest {
    private static final String CONF = """
            global_defs {
                vrrp_version 3
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 9
                priority 150
                advert_int 0.1
                virtual_ipaddress {
                    192.0.2.100/24 dev eth0
                }
            }
            vrrp_instance VI_2 {
                state BACKUP
                interface eth0
                virtual_router_id 10
                priority 150
                advert_int 0.1
                virtual_ipaddress {
                    192.0.2.110/24 dev eth0
                }
            }
            static_ipaddress {
                192.0.2.50/24 dev eth0
            }
            """;

    /**
     * The same with a second VIP of VI_1, a track_interface of VI_2 and the static address on ghost0,
     * a link the namespace does not have.
     */
    private static final String ON_GHOST = CONF.replace(
                    "192.0.2.100/24 dev eth0\n", "192.0.2.100/24 dev eth0\n        192.0.2.101/24 dev ghost0\n")
            .replace("virtual_router_id 10\n", "virtual_router_id 10\n    track_interface {\n        ghost0\n    }\n")
            .replace("192.0.2.50/24 dev eth0", "192.0.2.50/24 dev ghost0");

    @TempDir
    Path dir;

    @Test
    void aChangedInstanceAndStaticAddressTheKernelRefusesKeepTheirRunningOnes(NetLab lab) throws Exception {
        Netns us = lab.node("us", "192.0.2.1/24");
        Path conf = Files.writeString(dir.resolve("keepalived.conf"), CONF);
        NetlinkAddressManager addresses = NetlinkAddressManager.open(us.name(), dir.resolve("state"));
        VrrpEngine vrrp = us.call(() -> VrrpEngine.builder(addresses).start());
        StaticNetworkSubsystem staticnet = new StaticNetworkSubsystem();
        staticnet.start(addresses, NetworkNamespace.call(us.name(), RtNetlink::open), NetlinkMonitor.open(us.name()));
        KeepalivedDaemon daemon = new KeepalivedDaemon();
        try (CapturedLog log = new CapturedLog()) {
            daemon.addSubsystem(staticnet);
            daemon.addSubsystem(vrrp);
            us.run(() -> daemon.start("1", TestSettings.forFile(conf.toString()), null));
            assertTrue(daemon.lastLoad().ok(), daemon.lastLoad().toString());
            VrrpInstanceView vi = vrrp.instance("VI_1").orElseThrow();
            VrrpInstanceView vi2 = vrrp.instance("VI_2").orElseThrow();
            CheckerHotDeployTest.await(
                    "VI_1 and VI_2 MASTER with their VIPs",
                    () -> vi.state() == InstanceState.MASTER
                            && vi2.state() == InstanceState.MASTER
                            && addressesOf(us, "eth0").contains("192.0.2.100/24")
                            && addressesOf(us, "eth0").contains("192.0.2.110/24"));
            assertTrue(addressesOf(us, "eth0").contains("192.0.2.50/24"));
            Instant transition = vi.lastTransition();
            Instant transition2 = vi2.lastTransition();

            Files.writeString(conf, ON_GHOST);
            LoadResult result = us.call(daemon::reload);

            assertEquals(LoadResult.Outcome.NOT_APPLIED, result.outcome(), result.toString());
            assertSame(result, daemon.lastLoad());
            assertFalse(result.ok());
            assertEquals(3, result.errors().size(), result.errors().toString());
            // static first (it applies before VRRP), each with the file:line of the refused line
            assertTrue(
                    result.errors().get(0).startsWith(conf + ":" + lineOf(ON_GHOST, "192.0.2.50/24") + ":")
                            && result.errors().get(0).contains("ghost0"),
                    result.errors().toString());
            assertTrue(
                    result.errors().get(1).startsWith(conf + ":" + lineOf(ON_GHOST, "192.0.2.101/24") + ":")
                            && result.errors().get(1).contains("VI_1"),
                    result.errors().toString());
            assertTrue(
                    result.errors().get(2).startsWith(conf + ":" + (lineOf(ON_GHOST, "track_interface") + 1) + ":")
                            && result.errors().get(2).contains("track_interface ghost0"),
                    result.errors().toString());
            // the running ones are untouched, in the kernel too
            assertSame(vi, vrrp.instance("VI_1").orElseThrow(), "the running instance was not replaced");
            assertEquals(InstanceState.MASTER, vi.state());
            assertEquals(transition, vi.lastTransition());
            assertSame(vi2, vrrp.instance("VI_2").orElseThrow());
            assertEquals(InstanceState.MASTER, vi2.state());
            assertEquals(transition2, vi2.lastTransition());
            String eth0 = addressesOf(us, "eth0");
            assertTrue(
                    eth0.contains("192.0.2.100/24")
                            && eth0.contains("192.0.2.110/24")
                            && eth0.contains("192.0.2.50/24"),
                    eth0);
            assertEquals(0, log.count("by the new config: "), log.text());
            assertEquals(1, log.count("(VI_1) cannot be rebuilt for the new config"), "logged once");
            assertEquals(1, log.count("static_ipaddress 192.0.2.50/24 dev ghost0 cannot replace"), "logged once");

            // once the link exists, the same file applies in full
            us.execOrThrow("ip", "link", "add", "ghost0", "type", "veth", "peer", "name", "ghost1");
            us.execOrThrow("ip", "link", "set", "ghost1", "up");
            us.execOrThrow("ip", "link", "set", "ghost0", "up");
            LoadResult again = us.call(daemon::reload);
            assertTrue(again.ok(), again.toString());
            VrrpInstanceView rebuilt = vrrp.instance("VI_1").orElseThrow();
            CheckerHotDeployTest.await(
                    "the rebuilt VI_1 MASTER with both VIPs",
                    () -> rebuilt.state() == InstanceState.MASTER
                            && addressesOf(us, "ghost0").contains("192.0.2.101/24"));
            assertTrue(addressesOf(us, "ghost0").contains("192.0.2.50/24"));
            VrrpInstanceView rebuilt2 = vrrp.instance("VI_2").orElseThrow();
            CheckerHotDeployTest.await(
                    "the rebuilt VI_2 MASTER, tracking ghost0", () -> rebuilt2.state() == InstanceState.MASTER);
            assertFalse(addressesOf(us, "eth0").contains("192.0.2.50/24"));
        } finally {
            daemon.deactivate();
            vrrp.close();
            staticnet.deactivate();
            addresses.close();
        }
    }

    private static final String GROUP = """
            global_defs {
                vrrp_version 3
            }
            vrrp_sync_group G {
                group {
                    VI_1
                    VI_2
                }
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 9
                priority 150
                advert_int 0.1
                virtual_ipaddress {
                    192.0.2.100/24 dev eth0
                }
            }
            vrrp_instance VI_2 {
                state BACKUP
                interface eth0
                virtual_router_id 10
                priority 150
                advert_int 0.1
                virtual_ipaddress {
                    192.0.2.110/24 dev eth0
                }
            }
            """;

    @Test
    void aSyncGroupIsKeptWholeWhenOneOfItsMembersCannotBeRebuilt(NetLab lab) throws Exception {
        Netns us = lab.node("us", "192.0.2.1/24");
        Path conf = Files.writeString(dir.resolve("keepalived.conf"), GROUP);
        NetlinkAddressManager addresses = NetlinkAddressManager.open(us.name(), dir.resolve("state"));
        VrrpEngine vrrp = us.call(() -> VrrpEngine.builder(addresses).start());
        KeepalivedDaemon daemon = new KeepalivedDaemon();
        try (CapturedLog log = new CapturedLog()) {
            daemon.addSubsystem(vrrp);
            us.run(() -> daemon.start("1", TestSettings.forFile(conf.toString()), null));
            VrrpInstanceView vi1 = vrrp.instance("VI_1").orElseThrow();
            VrrpInstanceView vi2 = vrrp.instance("VI_2").orElseThrow();
            CheckerHotDeployTest.await(
                    "the group MASTER",
                    () -> vi1.state() == InstanceState.MASTER
                            && vi2.state() == InstanceState.MASTER
                            && addressesOf(us, "eth0").contains("192.0.2.110/24"));

            // VI_1 onto a missing device, VI_2 changed in a way that needs a rebuild
            String next = GROUP.replace(
                            "192.0.2.100/24 dev eth0\n", "192.0.2.100/24 dev eth0\n        192.0.2.101/24 dev ghost0\n")
                    .replace(
                            "virtual_router_id 10\n    priority 150\n    advert_int 0.1",
                            "virtual_router_id 10\n    priority 150\n    advert_int 0.2");
            Files.writeString(conf, next);
            LoadResult result = us.call(daemon::reload);

            assertEquals(LoadResult.Outcome.NOT_APPLIED, result.outcome(), result.toString());
            assertEquals(2, result.errors().size(), result.errors().toString());
            assertTrue(
                    result.errors().get(1).startsWith(conf + ":" + lineOf(next, "vrrp_instance VI_2") + ":")
                            && result.errors().get(1).contains("sync group"),
                    result.errors().toString());
            assertSame(vi1, vrrp.instance("VI_1").orElseThrow());
            assertSame(vi2, vrrp.instance("VI_2").orElseThrow(), "VI_2 kept with its group");
            assertEquals(InstanceState.MASTER, vi1.state());
            assertEquals(InstanceState.MASTER, vi2.state());
            assertEquals(0, log.count("by the new config: "), log.text());
        } finally {
            daemon.deactivate();
            vrrp.close();
            addresses.close();
        }
    }

    private static String addressesOf(Netns ns, String device) {
        return ns.exec("ip", "-o", "addr", "show", "dev", device).stdout();
    }

    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }
}
