package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
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

/**
 * use_vmac with vmac_prefix, a given name and MAC, and vmac_xmit_base, checked against what
 * keepalived 2.2.7 did with the same file (docs/vrrp-interfaces.md): the macvlan links (private mode,
 * their MACs), the VIPs on them, and the source MAC of the adverts on the wire.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class VmacNamespaceTest {

    private static final String CONFIG = """
            global_defs {
              router_id r1
              vmac_prefix kvm
            }
            vrrp_instance VI_1 {
              state MASTER
              interface eth9
              use_vmac
              vmac_xmit_base
              virtual_router_id 51
              priority 100
              advert_int 1
              virtual_ipaddress {
                10.9.0.100/24
              }
            }
            vrrp_instance VI_2 {
              state MASTER
              interface eth9
              use_vmac myvmac 02:11:22:33:44
              virtual_router_id 52
              priority 100
              advert_int 1
              virtual_ipaddress {
                10.9.0.101/24
              }
            }
            """;

    @Test
    void vmacNamesMacsAndTheInterfaceAdvertsLeaveFrom(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(CONFIG, "vmac.conf", dir)
                .config();
        Netns us = lab.namespace("us");
        Netns peer = lab.namespace("peer");
        lab.vethPair(us, "eth9", peer, "p9");
        NetLab.addAddress(us, "eth9", "10.9.0.1/24");
        String baseMac = us.mac("eth9");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            await(() -> engine.instances().stream().allMatch(v -> v.state() == InstanceState.MASTER));

            String kvm = us.execOrThrow("ip", "-d", "link", "show", "kvm.51").stdout();
            assertTrue(kvm.contains("kvm.51@eth9") && kvm.contains("link/ether 00:00:5e:00:01:33"), kvm);
            assertTrue(kvm.contains("macvlan mode private"), kvm);
            // the same VMAC MAC on every router of the VRID: no link-local derived from it
            assertTrue(kvm.contains("addrgenmode none"), kvm);
            assertEquals(
                    "",
                    us.execOrThrow("ip", "-6", "-o", "addr", "show", "dev", "kvm.51")
                            .stdout()
                            .strip());
            String mine = us.execOrThrow("ip", "-d", "link", "show", "myvmac").stdout();
            assertTrue(mine.contains("myvmac@eth9") && mine.contains("link/ether 02:11:22:33:44:34"), mine);
            assertTrue(us.execOrThrow("ip", "-4", "addr", "show", "dev", "kvm.51")
                    .stdout()
                    .contains("10.9.0.100/24"));
            assertTrue(us.execOrThrow("ip", "-4", "addr", "show", "dev", "myvmac")
                    .stdout()
                    .contains("10.9.0.101/24"));

            List<String> adverts = peer.vrrpAdverts("p9", 4, true);
            // vmac_xmit_base: VRID 51 leaves from eth9's own MAC; VRID 52 from its VMAC
            assertTrue(
                    adverts.stream()
                            .anyMatch(l -> l.contains(baseMac + " > 01:00:5e:00:00:12") && l.contains("vrid 51")),
                    adverts::toString);
            assertTrue(
                    adverts.stream()
                            .anyMatch(
                                    l -> l.contains("02:11:22:33:44:34 > 01:00:5e:00:00:12") && l.contains("vrid 52")),
                    adverts::toString);
            assertEquals(
                    0,
                    adverts.stream()
                            .filter(l -> l.contains("vrid 51") && !l.contains(baseMac))
                            .count(),
                    adverts::toString);
        } finally {
            engine.close();
            addresses.close();
        }
        assertTrue(!us.exec("ip", "link", "show", "kvm.51").ok(), "the VMAC is deleted at stop");
    }

    private static final String IPV6_CONFIG = """
            vrrp_instance VI_6 {
              state MASTER
              interface eth9
              use_vmac
              virtual_router_id 61
              priority 100
              advert_int 1
              virtual_ipaddress {
                2001:db8::61/64
              }
            }
            """;

    /**
     * keepalived 2.2.7 with this file (2026-12-07): vrrp.61 has addrgenmode none and eth9's
     * link-local, "nodad deprecated" (preferred_lft 0).
     */
    @Test
    void anIpv6VmacCarriesItsParentsLinkLocalDeprecated(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(IPV6_CONFIG, "vmac6.conf", dir)
                .config();
        Netns us = lab.namespace("us");
        Netns peer = lab.namespace("peer");
        lab.vethPair(us, "eth9", peer, "p9");
        await(() -> us.exec("ip", "-6", "-o", "addr", "show", "dev", "eth9", "scope", "link")
                .stdout()
                .contains("fe80::"));
        String parentLinkLocal = us.execOrThrow("ip", "-6", "-o", "addr", "show", "dev", "eth9", "scope", "link")
                .stdout()
                .replaceAll("(?s).*inet6 (fe80::[0-9a-f:]+/64).*", "$1");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            await(() -> engine.instances().stream().allMatch(v -> v.state() == InstanceState.MASTER));
            String link = us.execOrThrow("ip", "-d", "link", "show", "vrrp.61").stdout();
            assertTrue(link.contains("addrgenmode none"), link);
            String v6 =
                    us.execOrThrow("ip", "-6", "addr", "show", "dev", "vrrp.61").stdout();
            assertTrue(v6.contains("inet6 " + parentLinkLocal + " scope link nodad deprecated"), v6);
            assertTrue(v6.contains("preferred_lft 0sec"), v6);
            assertEquals(1, v6.split("fe80::", -1).length - 1, v6);
            assertTrue(v6.contains("2001:db8::61/64"), v6);
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static final String THREE = """
            vrrp_instance VI_1 {
              state MASTER
              interface eth9
              use_vmac
              virtual_router_id 51
              priority 200
              virtual_ipaddress { 10.9.0.41/24 }
            }
            vrrp_instance VI_2 {
              state MASTER
              interface eth9
              virtual_router_id 52
              priority 200
              virtual_ipaddress { 10.9.0.42/24 dev eth9 use_vmac }
            }
            vrrp_instance VI_3 {
              state MASTER
              interface eth9
              use_vmac
              virtual_router_id 53
              priority 200
              virtual_ipaddress { 10.9.0.43/24 }
            }
            """;

    /**
     * keepalived 2.2.7 with THREE, then SIGHUP with VI_3 alone (2026-12-07): it logged "(VI_1) Success
     * removing VMAC interface vrrp.51", deleted VI_2's address VMAC vrrp.52 too, and kept vrrp.53.
     */
    @Test
    void aReloadThatRemovesAnInstanceDeletesItsVmacs(NetLab lab, @TempDir Path dir) throws Exception {
        Netns us = lab.namespace("us");
        Netns peer = lab.namespace("peer");
        lab.vethPair(us, "eth9", peer, "p9");
        NetLab.addAddress(us, "eth9", "10.9.0.1/24");
        KeepalivedConfig three = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(THREE, "three.conf", dir)
                .config();
        String vi3 = THREE.substring(THREE.indexOf("vrrp_instance VI_3"));
        KeepalivedConfig one = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(vi3, "one.conf", dir)
                .config();
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(three));
            await(() -> engine.instances().size() == 3
                    && engine.instances().stream().allMatch(v -> v.state() == InstanceState.MASTER));
            assertEquals(List.of("vrrp.51", "vrrp.52", "vrrp.53"), macvlans(us));
            us.run(() -> engine.apply(one));
            await(() -> engine.instances().size() == 1);
            assertEquals(List.of("vrrp.53"), macvlans(us));
            assertTrue(us.execOrThrow("ip", "-4", "addr", "show", "dev", "vrrp.53")
                    .stdout()
                    .contains("10.9.0.43/24"));
        } finally {
            engine.close();
            addresses.close();
        }
        assertEquals(List.of(), macvlans(us));
    }

    private static List<String> macvlans(Netns ns) {
        return java.util.Arrays.stream(ns.execOrThrow("ip", "-o", "link", "show", "type", "macvlan")
                        .stdout()
                        .split("\n"))
                .filter(l -> !l.isBlank())
                .map(l -> l.split(": ")[1].split("@")[0])
                .sorted()
                .toList();
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
