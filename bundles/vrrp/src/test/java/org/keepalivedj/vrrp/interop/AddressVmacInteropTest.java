package org.keepalivedj.vrrp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
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
 * use_vmac_addr, vmac_addr_prefix and use_vmac on an address line: keepalived 2.2.7 and then
 * keepalived-j run the same file in the same namespace layout (the instance on eth9, addresses with
 * dev eth8); the macvlans (name, parent, mode, MAC), where each VIP goes, and the source MAC of the
 * gratuitous ARPs / NAs seen on the far end of eth8 must be the same. Then keepalived-j at BACKUP (a
 * keepalived peer with a higher priority preempts): VMACs kept, addresses gone; and at stop: VMACs
 * deleted.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class AddressVmacInteropTest {

    static final String CONFIG = """
            global_defs {
              router_id r1
              vmac_prefix kvm
              vmac_addr_prefix kva
            }
            vrrp_instance VI_1 {
              state MASTER
              interface eth9
              use_vmac
              use_vmac_addr
              virtual_router_id 51
              priority 100
              advert_int 1
              virtual_ipaddress {
                10.9.0.100/24
                10.9.0.102/24 dev eth9
                10.8.0.100/24 dev eth8
              }
              virtual_ipaddress_excluded {
                fd08::100/64 dev eth8
              }
            }
            vrrp_instance VI_2 {
              state MASTER
              interface eth9
              virtual_router_id 52
              priority 100
              advert_int 1
              virtual_ipaddress {
                10.9.0.101/24
                10.8.0.101/24 dev eth8 use_vmac
              }
            }
            """;

    /** A keepalived peer on the far end of eth9 that preempts VI_1 (same VIPs in its adverts). */
    private static final String PEER = """
            vrrp_instance VP_1 {
              state BACKUP
              interface p9
              virtual_router_id 51
              priority 200
              advert_int 1
              virtual_ipaddress {
                10.9.0.100/24
                10.9.0.102/24
                10.8.0.100/24 dev p8
              }
            }
            """;

    private static final Set<String> VIPS =
            Set.of("10.9.0.100/24", "10.9.0.102/24", "10.8.0.100/24", "fd08::100/64", "10.9.0.101/24", "10.8.0.101/24");
    /** Announced on eth8, each from its VMAC. */
    private static final Set<String> ETH8_VIPS = Set.of("10.8.0.100", "fd08::100", "10.8.0.101");

    private Path dir;
    private final List<LabNode> nodes = new ArrayList<>();

    @BeforeEach
    void assumeKeepalived() throws Exception {
        LabNode.assumeKeepalived();
        dir = Files.createTempDirectory("vrrp-addrvmac");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (LabNode n : nodes) {
            n.kill();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void sameVmacsAddressesAndAnnouncersAsKeepalived(NetLab lab) throws Exception {
        Netns us = lab.namespace("us");
        Netns peer = lab.namespace("peer");
        lab.vethPair(us, "eth9", peer, "p9");
        lab.vethPair(us, "eth8", peer, "p8");
        NetLab.addAddress(us, "eth9", "10.9.0.1/24");
        NetLab.addAddress(us, "eth8", "10.8.0.1/24");
        NetLab.addAddress(us, "eth8", "fd08::1/64");
        NetLab.addAddress(peer, "p9", "10.9.0.2/24");

        // keepalived 2.2.7
        LabNode keepalived = new LabNode(us, "ka", dir, true);
        nodes.add(keepalived);
        Capture kaWire = Capture.start(peer, "p8", dir.resolve("ka-p8.txt"));
        keepalived.start(CONFIG);
        LabNode.waitUntil(Duration.ofSeconds(15), () -> vips(us).size() == VIPS.size());
        List<String> kaLinks = vmacLinks(us);
        List<String> kaLinkLocals = vmacLinkLocals(us);
        List<String> kaVips = vips(us);
        Map<String, String> kaAnnouncers = kaWire.announcers(ETH8_VIPS);
        kaWire.stop();
        keepalived.stop();
        assertEquals(List.of(), vmacLinks(us), "keepalived deletes its VMACs at stop");
        // what docs/vrrp-interfaces.md records
        assertEquals(
                List.of(
                        "kva.51@eth8 00:00:5e:00:01:33 private none",
                        "kva.52@eth8 00:00:5e:00:01:34 private none",
                        "kva6.51@eth8 00:00:5e:00:02:33 private none",
                        "kvm.51@eth9 00:00:5e:00:01:33 private none"),
                kaLinks);
        // the IPv6 address VMAC has eth8's link-local, nodad and deprecated; the IPv4 ones none
        String eth8LinkLocal = us.execOrThrow("ip", "-o", "-6", "addr", "show", "dev", "eth8", "scope", "link")
                .stdout()
                .trim()
                .split("\\s+")[3];
        assertEquals(List.of("kva6.51 " + eth8LinkLocal + " nodad deprecated"), kaLinkLocals);
        assertEquals(
                List.of(
                        "eth9 10.9.0.101/24",
                        "kva.51 10.8.0.100/24",
                        "kva.52 10.8.0.101/24",
                        "kva6.51 fd08::100/64",
                        "kvm.51 10.9.0.100/24",
                        "kvm.51 10.9.0.102/24"),
                kaVips);
        assertEquals(
                Map.of(
                        "10.8.0.100",
                        "00:00:5e:00:01:33",
                        "10.8.0.101",
                        "00:00:5e:00:01:34",
                        "fd08::100",
                        "00:00:5e:00:02:33"),
                kaAnnouncers);

        // keepalived-j, same file, same layout
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(CONFIG, "addrvmac.conf", dir)
                .config();
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        Capture ourWire = Capture.start(peer, "p8", dir.resolve("kj-p8.txt"));
        try {
            us.run(() -> engine.apply(config));
            LabNode.waitUntil(Duration.ofSeconds(15), () -> vips(us).size() == VIPS.size());
            assertEquals(kaLinks, vmacLinks(us));
            assertEquals(kaLinkLocals, vmacLinkLocals(us));
            assertEquals(kaVips, vips(us));
            assertEquals(kaAnnouncers, ourWire.announcers(ETH8_VIPS));
            ourWire.stop();

            // BACKUP: the VMACs stay, their addresses go (as keepalived did)
            LabNode preempter = new LabNode(peer, "peer", dir, true);
            nodes.add(preempter);
            preempter.start(PEER);
            LabNode.waitUntil(Duration.ofSeconds(15), () -> state(engine, "VI_1") == InstanceState.BACKUP);
            List<String> vi2 = List.of("eth9 10.9.0.101/24", "kva.52 10.8.0.101/24");
            LabNode.waitUntil(Duration.ofSeconds(5), () -> vips(us).equals(vi2));
            assertEquals(kaLinks, vmacLinks(us));
            assertEquals(InstanceState.MASTER, state(engine, "VI_2"));
        } finally {
            engine.close();
            addresses.close();
        }
        assertEquals(List.of(), vmacLinks(us), "keepalived-j deletes its VMACs at stop");
    }

    private static InstanceState state(VrrpEngine engine, String name) {
        return engine.instances().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElseThrow()
                .state();
    }

    private static final Pattern LINK =
            Pattern.compile("^\\d+: (\\S+): .*link/ether (\\S+) .*macvlan mode (\\S+) .*addrgenmode (\\S+)");

    /** Every macvlan: "NAME@PARENT MAC MODE ADDRGENMODE", sorted. */
    static List<String> vmacLinks(Netns ns) {
        List<String> out = new ArrayList<>();
        for (String line : ns.execOrThrow("ip", "-o", "-d", "link", "show", "type", "macvlan")
                .stdout()
                .split("\n")) {
            Matcher m = LINK.matcher(line);
            if (m.find()) {
                out.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
            }
        }
        out.sort(null);
        return out;
    }

    /** The IPv6 link-local addresses on macvlans: "DEV ADDRESS/LEN FLAGS", sorted. */
    static List<String> vmacLinkLocals(Netns ns) {
        List<String> out = new ArrayList<>();
        for (String line : ns.execOrThrow("ip", "-o", "-6", "addr", "show", "scope", "link")
                .stdout()
                .split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length > 3 && vmacLinks(ns).stream().anyMatch(l -> l.startsWith(w[1].replace(":", "") + "@"))) {
                String flags = line.substring(line.indexOf("scope link") + "scope link".length(), line.indexOf('\\'));
                out.add(w[1].replace(":", "") + " " + w[3] + " " + flags.trim());
            }
        }
        out.sort(null);
        return out;
    }

    /** The VIPs in the kernel: "DEV ADDRESS/LEN", sorted. */
    static List<String> vips(Netns ns) {
        List<String> out = new ArrayList<>();
        for (String line : ns.execOrThrow("ip", "-o", "addr", "show").stdout().split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length > 3 && VIPS.contains(w[3])) {
                out.add(w[1] + " " + w[3]);
            }
        }
        out.sort(null);
        return out;
    }

    /** tcpdump of ARP and NAs on a link, into a file. */
    private record Capture(Process process, Path file) {
        private static final Pattern ANNOUNCE =
                Pattern.compile("^(\\S+) > .*?(?:tell (\\S+?)(?:,|$)|Reply (\\S+) is-at|tgt is (\\S+?),)");

        static Capture start(Netns ns, String ifname, Path file) throws Exception {
            Process p = ns.start(
                    "sh",
                    "-c",
                    "exec tcpdump -e -n -t -l -i " + ifname + " 'arp or (icmp6 and ip6[40] == 136)' >" + file
                            + " 2>&1");
            LabNode.waitUntil(Duration.ofSeconds(10), () -> text(file).contains("listening on"));
            return new Capture(p, file);
        }

        /** Each of the addresses with the source MAC it was first announced from, once all were seen. */
        Map<String, String> announcers(Set<String> addresses) throws InterruptedException {
            Map<String, String> seen = new LinkedHashMap<>();
            LabNode.waitUntil(Duration.ofSeconds(15), () -> {
                for (String line : text(file).split("\n")) {
                    Matcher m = ANNOUNCE.matcher(line);
                    if (m.find()) {
                        String target = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                        if (addresses.contains(target)) {
                            seen.putIfAbsent(target, m.group(1));
                        }
                    }
                }
                return seen.keySet().equals(addresses);
            });
            return new java.util.TreeMap<>(seen);
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }

        private static String text(Path file) {
            try {
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (java.io.IOException e) {
                return "";
            }
        }
    }
}
