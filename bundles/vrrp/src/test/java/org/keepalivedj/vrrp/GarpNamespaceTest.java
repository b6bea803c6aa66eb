package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
import org.keepalivedj.netlink.ReceivedPacket;
import org.keepalivedj.netlink.VrrpSocket;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Gratuitous ARP timing on the wire, captured by a packet socket in a neighbour namespace:
 * vrrp_garp_interval paces a burst (a repeat for a VIP that is still waiting is not queued twice, as
 * keepalived 2.2.7 does); a lower-priority master makes us send garp_lower_prio_repeat
 * ARPs and, unless lower_prio_no_advert, an advert at once.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class GarpNamespaceTest {

    private static final String VIP = "192.0.2.140";

    private static String conf(String extra) {
        return "global_defs {\n  vrrp_version 3\n  vrrp_garp_interval 0.2\n}\n"
                + "vrrp_instance VI_G {\n  state BACKUP\n  interface eth0\n  virtual_router_id 40\n  priority 150\n"
                + "  advert_int 1\n  garp_master_delay 0\n  garp_master_repeat 3\n  garp_lower_prio_repeat 2\n"
                + "  garp_lower_prio_delay 0\n" + extra + "  virtual_ipaddress {\n    " + VIP
                + "/24 dev eth0\n  }\n}\n";
    }

    @Test
    void garpIntervalPacesTheBurstAndALowerPriorityMasterGetsArpsAndAnAdvert(NetLab lab, @TempDir Path dir)
            throws Exception {
        KeepalivedConfigLoader loader = KeepalivedConfigLoader.withBuiltinCheckers();
        KeepalivedConfig answering = loader.load(conf(""), "a.conf", dir).config();
        KeepalivedConfig quiet =
                loader.load(conf("  lower_prio_no_advert\n"), "q.conf", dir).config();
        Netns us = lab.node("us", "192.0.2.1/24");
        Netns probeNs = lab.node("probe", "192.0.2.2/24");
        PacketSocket capture = probeNs.call(() -> PacketSocket.open("eth0", PacketSocket.ETH_P_ARP));
        VrrpSocket probe = probeNs.call(() -> VrrpSocket.openIpv4("eth0"));
        probe.joinGroup(VrrpSocket.GROUP_V4);
        List<Long> arps = new CopyOnWriteArrayList<>();
        Thread listener = new Thread(() -> captureArps(capture, arps), "arp-capture");
        listener.setDaemon(true);
        listener.start();
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(answering));
            await(() -> engine.instance("VI_G").orElseThrow().state() == InstanceState.MASTER);
            await(() -> arps.size() >= 2);
            Thread.sleep(500); // more than the paced burst would need: no third ARP may follow
            // keepalived 2.2.7 sends 2 here, not 3 (tcpdump -tt): while one ARP for the VIP waits for
            // its slot, the next repeat for the same VIP is not queued again
            assertEquals(2, arps.size(), "garp_master_repeat 3 paced, no second set (garp_master_delay 0)");
            for (int i = 1; i < 2; i++) {
                long gapMs = (arps.get(i) - arps.get(i - 1)) / 1_000_000;
                assertTrue(gapMs >= 150, "vrrp_garp_interval 0.2 s apart, measured " + gapMs + " ms");
            }

            arps.clear();
            long lastOurs = lowerPriorityAdvertAfterOurs(probe);
            ReceivedPacket next = nextAdvertFromUs(probe, lastOurs + 700_000_000L);
            assertNotNull(next, "a lower priority makes us advertise at once, not a second later");
            await(() -> arps.size() >= 2);
            Thread.sleep(500);
            assertEquals(2, arps.size(), "garp_lower_prio_repeat 2");

            us.run(() -> engine.apply(quiet)); // changed instance: restarts, takes over again
            await(() -> engine.instance("VI_G").orElseThrow().state() == InstanceState.MASTER);
            await(() -> arps.size() >= 4);
            Thread.sleep(500);
            arps.clear();
            long lastQuiet = lowerPriorityAdvertAfterOurs(probe);
            assertNull(
                    nextAdvertFromUs(probe, lastQuiet + 700_000_000L),
                    "lower_prio_no_advert: no extra advert before our next interval");
            await(() -> arps.size() >= 2); // the ARPs still go out
            assertEquals(
                    InstanceState.MASTER, engine.instance("VI_G").orElseThrow().state());
        } finally {
            engine.close();
            addresses.close();
            probe.close();
            capture.close();
        }
    }

    /** Waits for one of our adverts, answers it with a priority-50 advert; returns when ours arrived. */
    private static long lowerPriorityAdvertAfterOurs(VrrpSocket probe) throws Exception {
        while (probe.receive(Duration.ofMillis(1)) != null) {
            // drop what queued up earlier: the advert we answer must be a fresh one
        }
        ReceivedPacket ours = nextAdvertFromUs(probe, System.nanoTime() + 5_000_000_000L);
        assertNotNull(ours, "our master advertises");
        long at = System.nanoTime();
        byte[] lower = VrrpCodec.encode(
                VrrpAdvert.v3(40, 50, 100, List.of(InetAddress.getByName(VIP))),
                InetAddress.getByName("192.0.2.2"),
                VrrpSocket.GROUP_V4,
                ChecksumMode.STANDARD);
        probe.send(lower, VrrpSocket.GROUP_V4);
        return at;
    }

    private static ReceivedPacket nextAdvertFromUs(VrrpSocket probe, long deadline) {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            ReceivedPacket p = probe.receive(Duration.ofNanos(Math.max(1_000_000L, left)));
            if (p != null && p.source().getHostAddress().equals("192.0.2.1")) {
                return p;
            }
        }
    }

    private static void captureArps(PacketSocket capture, List<Long> arrivals) {
        byte[] vip;
        try {
            vip = InetAddress.getByName(VIP).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
        while (true) {
            byte[] f;
            try {
                f = capture.receive(Duration.ofMillis(200));
            } catch (RuntimeException e) {
                return; // closed
            }
            // gratuitous: sender and target protocol address are both the VIP
            if (f != null
                    && f.length >= 42
                    && Arrays.equals(Arrays.copyOfRange(f, 28, 32), vip)
                    && Arrays.equals(Arrays.copyOfRange(f, 38, 42), vip)) {
                arrivals.add(System.nanoTime());
            }
        }
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
