package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.netlink.PacketSocket;
import org.keepalivedj.testsupport.KeepalivedPeer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * vrrp_garp_interval and garp_group on the wire: gratuitous ARPs captured by packet sockets at the
 * far ends of three veth pairs. keepalived 2.2.7, measured with tcpdump -tt on the same layout
 * (two owner instances with three VIPs each on one interface, one instance on each of two interfaces
 * of a garp_group, vrrp_garp_master_repeat 2): the two instances' ARPs leave their shared interface
 * one vrrp_garp_interval apart (7 ARPs, gaps 96-112 ms for 0.1 s: an address already waiting is not
 * queued twice), and the group's two interfaces share one spacing (5 ARPs over both, gaps 302-321 ms
 * for 0.3 s), in configuration order (VI_A's first VIP twice, as its second repeat waits before the
 * others). Per-instance pacing, as before, sends the second instance's ARPs at the same moments as
 * the first's and the group's interfaces independently, which this test rejects.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class GarpGroupNamespaceTest {

    /** One captured gratuitous ARP: when (System.nanoTime), on which far end, for which address. */
    private record Arp(long at, String where, String vip) {}

    /** What the far ends have seen so far; closing it stops the capture threads. */
    private record Capture(List<Arp> arps, List<PacketSocket> sockets) implements AutoCloseable {
        @Override
        public void close() {
            sockets.forEach(PacketSocket::close);
        }
    }

    private static final String CONF = """
            global_defs {
              vrrp_garp_interval 0.1
              vrrp_garp_master_repeat 2
              vrrp_garp_master_delay 0
            }
            garp_group {
              garp_interval 0.3
              interfaces {
                eth2
                eth3
              }
            }
            vrrp_instance VI_A {
              interface eth1
              virtual_router_id 1
              priority 255
              advert_int 1
              virtual_ipaddress {
                10.9.1.11/24
                10.9.1.12/24
                10.9.1.13/24
              }
            }
            vrrp_instance VI_B {
              interface eth1
              virtual_router_id 2
              priority 255
              advert_int 1
              virtual_ipaddress {
                10.9.1.21/24
                10.9.1.22/24
                10.9.1.23/24
              }
            }
            vrrp_instance VI_C {
              interface eth2
              virtual_router_id 3
              priority 255
              advert_int 1
              virtual_ipaddress {
                10.9.2.31/24
                10.9.2.32/24
              }
            }
            vrrp_instance VI_D {
              interface eth3
              virtual_router_id 4
              priority 255
              advert_int 1
              virtual_ipaddress {
                10.9.3.41/24
                10.9.3.42/24
              }
            }
            """;

    @Test
    void arpsAreSpacedPerInterfaceAcrossInstancesAndPerGarpGroupAcrossInterfaces(NetLab lab, @TempDir Path dir)
            throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(CONF, "garp.conf", dir)
                .config();
        Netns us = lab.namespace("us");
        Capture capture = captureFrom(lab, us);
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            await(() -> List.of("VI_A", "VI_B", "VI_C", "VI_D").stream()
                    .allMatch(n -> engine.instance(n).orElseThrow().state() == InstanceState.MASTER));
            assertKeepalivedPattern(capture.arps());
        } finally {
            engine.close();
            addresses.close();
            capture.close();
        }
    }

    /** The oracle on the same file, in the same harness: the pattern the other test holds us to. */
    @Test
    void keepalived227SpacesTheSameFileTheSameWay(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedPeer.assumeInstalled();
        Netns ka = lab.namespace("ka");
        Capture capture = captureFrom(lab, ka);
        try (KeepalivedPeer keepalived = KeepalivedPeer.start(ka, dir, "ka", CONF, "--vrrp")) {
            assertKeepalivedPattern(capture.arps(), 1);
        } finally {
            capture.close();
        }
    }

    /** Three veth pairs from node (eth1-3) to a far namespace (far1-3), each far end captured. */
    private static Capture captureFrom(NetLab lab, Netns node) throws Exception {
        Netns far = lab.namespace("far");
        List<Arp> arps = new CopyOnWriteArrayList<>();
        List<PacketSocket> sockets = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            lab.vethPair(node, "eth" + i, far, "far" + i);
            NetLab.addAddress(node, "eth" + i, "10.9." + i + ".1/24");
            String end = "far" + i;
            PacketSocket capture = far.call(() -> PacketSocket.open(end, PacketSocket.ETH_P_ARP));
            sockets.add(capture);
            Thread t = new Thread(() -> captureArps(capture, end, arps), "arp-capture-" + end);
            t.setDaemon(true);
            t.start();
        }
        return new Capture(arps, sockets);
    }

    /**
     * keepalived 2.2.7's pattern: eth1 one vrrp_garp_interval apart across VI_A and VI_B, eth2 and
     * eth3 as one sequence one garp_interval apart, every VIP announced, and repeats collapsed while
     * their address waits (fewer than the 12 and 8 ARPs that unpaced repeat 2 sends). Which VIP goes
     * first when a second instance takes over just as a turn comes up differs from run to run in
     * keepalived too (7 or 8 ARPs on eth1 measured), so the exact order is not asserted here
     * (GarpPacingTest holds the order).
     */
    private static void assertKeepalivedPattern(List<Arp> arps) throws InterruptedException {
        assertKeepalivedPattern(arps, 0);
    }

    /**
     * @param sameVipRepeatsAllowed how many unpaced repeats of the address just sent may appear: one
     *     run of keepalived 2.2.7 itself sent 10.9.1.11 twice 45 ms apart on eth1 (its takeover race),
     *     so its own run is held to the pattern with one such repeat allowed, ours with none
     */
    private static void assertKeepalivedPattern(List<Arp> arps, int sameVipRepeatsAllowed) throws InterruptedException {
        // done when nothing more came for longer than the largest interval
        await(() -> arps.size() >= 11 && System.nanoTime() - last(arps) > 600_000_000L);
        List<Arp> eth1 = on(arps, "far1");
        assertEquals(
                List.of("10.9.1.11", "10.9.1.12", "10.9.1.13", "10.9.1.21", "10.9.1.22", "10.9.1.23"),
                eth1.stream().map(Arp::vip).distinct().sorted().toList(),
                "" + eth1);
        assertTrue(eth1.size() >= 7 && eth1.size() <= 9, "repeats collapsed while waiting: " + eth1);
        assertSpaced(eth1, 90, "vrrp_garp_interval 0.1 on eth1, across VI_A and VI_B", sameVipRepeatsAllowed);

        List<Arp> group = new ArrayList<>(on(arps, "far2"));
        group.addAll(on(arps, "far3"));
        group.sort(Comparator.comparingLong(Arp::at));
        assertEquals(
                List.of("10.9.2.31", "10.9.2.32", "10.9.3.41", "10.9.3.42"),
                group.stream().map(Arp::vip).distinct().sorted().toList(),
                "" + group);
        assertTrue(group.size() >= 5 && group.size() <= 6, "repeats collapsed while waiting: " + group);
        assertSpaced(group, 280, "garp_interval 0.3 across eth2 and eth3 together", sameVipRepeatsAllowed);
    }

    private static void assertSpaced(List<Arp> arps, long minGapMs, String what, int sameVipRepeatsAllowed) {
        int repeats = 0;
        for (int i = 1; i < arps.size(); i++) {
            long gapMs = (arps.get(i).at() - arps.get(i - 1).at()) / 1_000_000;
            if (gapMs < minGapMs
                    && arps.get(i).vip().equals(arps.get(i - 1).vip())
                    && repeats++ < sameVipRepeatsAllowed) {
                continue;
            }
            assertTrue(
                    gapMs >= minGapMs, what + ": " + gapMs + " ms between " + arps.get(i - 1) + " and " + arps.get(i));
        }
    }

    private static List<Arp> on(List<Arp> arps, String where) {
        return arps.stream().filter(a -> a.where().equals(where)).toList();
    }

    private static long last(List<Arp> arps) {
        return arps.isEmpty() ? System.nanoTime() : arps.get(arps.size() - 1).at();
    }

    /** Gratuitous: sender and target protocol address are the same address. */
    private static void captureArps(PacketSocket capture, String where, List<Arp> out) {
        while (true) {
            byte[] f;
            try {
                f = capture.receive(Duration.ofMillis(200));
            } catch (RuntimeException e) {
                return; // closed
            }
            long at = System.nanoTime();
            if (f != null && f.length >= 42 && java.util.Arrays.equals(f, 28, 32, f, 38, 42)) {
                String vip = (f[28] & 0xff) + "." + (f[29] & 0xff) + "." + (f[30] & 0xff) + "." + (f[31] & 0xff);
                out.add(new Arp(at, where, vip));
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(10);
        }
    }
}
