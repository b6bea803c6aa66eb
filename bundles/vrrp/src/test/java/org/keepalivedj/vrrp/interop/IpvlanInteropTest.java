package org.keepalivedj.vrrp.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * use_ipvlan against keepalived 2.2.7 using use_ipvlan on the other end of a veth, as
 * docs/vrrp-interfaces.md describes what keepalived does: an L2 ipvlan in the given mode on the
 * interface, carrying its own address, the adverts leaving from that address with the interface's
 * MAC, the VIPs on the interface itself, the ipvlan deleted at stop. Needs the ipvlan module (skips
 * without it); VrrpInUmlIT runs it inside user-mode-linux, whose kernel has it.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class IpvlanInteropTest {

    private static final String OURS = """
            vrrp_instance VI {
              state MASTER
              interface eth9
              use_ipvlan ipvl52 10.9.0.50/24 private
              virtual_router_id 52
              priority 150
              advert_int 1
              virtual_ipaddress {
                10.9.0.100/24
              }
            }
            """;

    private static final String KEEPALIVED = """
            global_defs {
              router_id ka
            }
            vrrp_instance VI {
              interface p9
              use_ipvlan 10.9.0.51/24
              virtual_router_id 52
              priority 200
              advert_int 1
              virtual_ipaddress {
                10.9.0.100/24
              }
            }
            """;

    @Test
    void ipvlanLinkAddressAndAdvertsInteroperateWithKeepalived(NetLab lab, @TempDir Path dir) throws Exception {
        LabNode.assumeKeepalived();
        Netns us = lab.namespace("us");
        Netns peer = lab.namespace("peer");
        lab.vethPair(us, "eth9", peer, "p9");
        NetLab.addAddress(us, "eth9", "10.9.0.1/24");
        NetLab.addAddress(peer, "p9", "10.9.0.2/24");
        assumeTrue(
                peer.exec("ip", "link", "add", "probe", "link", "p9", "type", "ipvlan")
                        .ok(),
                "this kernel has no ipvlan (VrrpInUmlIT runs this test in user-mode-linux)");
        peer.execOrThrow("ip", "link", "del", "probe");
        String baseMac = us.mac("eth9");

        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(OURS, "ipvlan.conf", dir)
                .config();
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        LabNode keepalived = new LabNode(peer, "ka", dir, true);
        try {
            us.run(() -> engine.apply(config));
            awaitState(engine, InstanceState.MASTER);

            // the kernel: an L2 private ipvlan on eth9 holding its address; the VIP on eth9 itself
            String link = us.execOrThrow("ip", "-d", "link", "show", "ipvl52").stdout();
            assertTrue(link.contains("ipvl52@eth9") && link.contains("ipvlan  mode l2 private"), link);
            assertTrue(link.contains("link/ether " + baseMac), "an ipvlan has its parent's MAC: " + link);
            assertTrue(us.execOrThrow("ip", "-4", "addr", "show", "dev", "ipvl52")
                    .stdout()
                    .contains("inet 10.9.0.50/24"));
            String base =
                    us.execOrThrow("ip", "-4", "addr", "show", "dev", "eth9").stdout();
            assertTrue(base.contains("inet 10.9.0.100/24"), base);

            // the wire: our adverts leave from the ipvlan's address with eth9's MAC
            List<String> adverts = peer.vrrpAdverts("p9", 2, true);
            assertTrue(
                    adverts.stream()
                            .allMatch(l -> l.contains(" " + baseMac + " > 01:00:5e:00:00:12")
                                    && l.contains("10.9.0.50 > 224.0.0.18")
                                    && l.contains("vrid 52, prio 150")),
                    adverts::toString);

            // keepalived (priority 200, on its own ipvlan) takes over: we hear it through ours
            keepalived.start(KEEPALIVED);
            awaitState(engine, InstanceState.BACKUP);
            assertTrue(peer.execOrThrow("ip", "-d", "link", "show", "vrrp.52")
                    .stdout()
                    .contains("ipvlan  mode l2 bridge"));
            assertFalse(us.execOrThrow("ip", "-4", "addr", "show", "dev", "eth9")
                    .stdout()
                    .contains("10.9.0.100"));
            // and its priority 0 at stop brings us back at once
            keepalived.stop();
            awaitState(engine, InstanceState.MASTER);
        } finally {
            keepalived.stop();
            engine.close();
            addresses.close();
        }
        assertFalse(us.exec("ip", "link", "show", "ipvl52").ok(), "the ipvlan is deleted at stop");
    }

    private static void awaitState(VrrpEngine engine, InstanceState state) throws InterruptedException {
        LabNode.waitUntil(
                Duration.ofSeconds(10), () -> engine.instances().stream().allMatch(v -> v.state() == state));
    }
}
