package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.netlink.ReceivedPacket;
import org.keepalivedj.netlink.VrrpSocket;
import org.keepalivedj.testsupport.CapturedLog;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * keepalived's election keywords on a real link, each next to an instance without it: unicast_ttl on
 * the wire, unicast_fault_no_peer, track_src_ip following the kernel's addresses, owner_ignore_adverts,
 * notify_master_rx_lower_pri, skip_check_adv_addr, and vrrp_startup_delay.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class ElectionOptionsNamespaceTest {

    private static final String CONF = """
            global_defs {
              vrrp_version 3
            }
            vrrp_instance VI_TTL {
              state MASTER
              interface eth0
              virtual_router_id 71
              priority 200
              advert_int 0.1
              unicast_src_ip 192.0.2.1
              unicast_ttl 7
              unicast_peer {
                192.0.2.2
              }
              virtual_ipaddress {
                192.0.2.171/24 dev eth0
              }
            }
            vrrp_instance VI_NOPEER {
              interface eth0
              virtual_router_id 72
              priority 100
              advert_int 0.1
              unicast_fault_no_peer
              virtual_ipaddress {
                192.0.2.172/24 dev eth0
              }
            }
            vrrp_instance VI_SRC {
              interface eth0
              virtual_router_id 73
              priority 200
              advert_int 0.1
              unicast_src_ip 192.0.2.5
              track_src_ip
              unicast_peer {
                192.0.2.2
              }
              virtual_ipaddress {
                192.0.2.173/24 dev eth0
              }
            }
            vrrp_instance VI_OWNER {
              interface eth0
              virtual_router_id 74
              priority 255
              advert_int 0.1
              owner_ignore_adverts
              virtual_ipaddress {
                192.0.2.174/24 dev eth0
              }
            }
            vrrp_instance VI_OWNER_RFC {
              interface eth0
              virtual_router_id 75
              priority 255
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.175/24 dev eth0
              }
            }
            vrrp_instance VI_RX {
              interface eth0
              virtual_router_id 76
              priority 200
              advert_int 0.1
              notify_master_rx_lower_pri %1$s/rx.sh
              virtual_ipaddress {
                192.0.2.176/24 dev eth0
              }
            }
            vrrp_instance VI_SKIP {
              interface eth0
              virtual_router_id 77
              priority 100
              advert_int 0.1
              skip_check_adv_addr
              virtual_ipaddress {
                192.0.2.177/24 dev eth0
              }
            }
            vrrp_instance VI_CHECK {
              interface eth0
              virtual_router_id 78
              priority 100
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.178/24 dev eth0
              }
            }
            """;

    private static final InetAddress TX = ip("192.0.2.2");
    private static final InetAddress GROUP = VrrpSocket.GROUP_V4;

    @Test
    void eachOptionChangesWhatTheInstanceDoes(NetLab lab, @TempDir Path dir) throws Exception {
        Path rxOut = dir.resolve("rx.out");
        Files.writeString(dir.resolve("rx.sh"), "#!/bin/sh\necho \"rx [$*]\" >> " + rxOut + "\n");
        dir.resolve("rx.sh").toFile().setExecutable(true);
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(CONF.formatted(dir), "election.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24", "192.0.2.5/24");
        Netns txNs = lab.node("tx", "192.0.2.2/24");
        VrrpSocket tx = txNs.call(() -> VrrpSocket.openIpv4("eth0"));
        tx.joinGroup(GROUP);
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try (CapturedLog log = new CapturedLog()) {
            us.run(() -> engine.apply(config));
            VrrpInstanceView ttl = engine.instance("VI_TTL").orElseThrow();
            VrrpInstanceView noPeer = engine.instance("VI_NOPEER").orElseThrow();
            VrrpInstanceView src = engine.instance("VI_SRC").orElseThrow();
            VrrpInstanceView owner = engine.instance("VI_OWNER").orElseThrow();
            VrrpInstanceView ownerRfc = engine.instance("VI_OWNER_RFC").orElseThrow();
            VrrpInstanceView rx = engine.instance("VI_RX").orElseThrow();
            VrrpInstanceView skip = engine.instance("VI_SKIP").orElseThrow();
            VrrpInstanceView check = engine.instance("VI_CHECK").orElseThrow();

            // unicast_ttl: our unicast adverts leave with TTL 7 (keepalived 2.2.7 sends the same)
            await(() -> ttl.state() == InstanceState.MASTER, ttl::toString);
            ReceivedPacket unicast = receive(tx, 71);
            assertEquals(7, unicast.ttl(), "unicast_ttl 7 on the wire");
            assertEquals(ip("192.0.2.2"), unicast.destination());

            // unicast_fault_no_peer: no peers is a FAULT, not a fall-back to multicast
            await(() -> noPeer.state() == InstanceState.FAULT, noPeer::toString);
            assertTrue(log.text().contains("(VI_NOPEER) Cannot use unicast without any peers - going to fault state"));
            assertEquals(0L, noPeer.counters().get("advertisementsSent"));

            // track_src_ip: FAULT while 192.0.2.5 is gone, back when it returns
            await(() -> src.state() == InstanceState.MASTER, src::toString);
            us.execOrThrow("ip", "addr", "del", "192.0.2.5/24", "dev", "eth0");
            await(() -> src.state() == InstanceState.FAULT, src::toString);
            assertTrue(
                    src.faultReasons().stream().anyMatch(r -> r.contains("192.0.2.5")), src.faultReasons()::toString);
            us.execOrThrow("ip", "addr", "add", "192.0.2.5/24", "dev", "eth0");
            await(() -> src.state() == InstanceState.MASTER, src::toString);

            // owner_ignore_adverts: the owner neither counts nor answers a lower priority; without it, it does both
            await(() -> owner.state() == InstanceState.MASTER && ownerRfc.state() == InstanceState.MASTER);
            long rfcSent = ownerRfc.counters().get("advertisementsSent");
            for (int i = 0; i < 3; i++) {
                tx.send(advert(74, 100, "192.0.2.174"), GROUP, TX);
                tx.send(advert(75, 100, "192.0.2.175"), GROUP, TX);
            }
            await(
                    () -> owner.counters().get("otherDrops") == 3,
                    () -> owner.counters().toString());
            await(
                    () -> ownerRfc.counters().get("advertisementsReceived") == 3,
                    () -> ownerRfc.counters().toString());
            assertEquals(0L, owner.counters().get("advertisementsReceived"));
            assertEquals(1, log.count("(VI_OWNER) Dropping packet(s) from 192.0.2.2 since we are address owner"));
            assertTrue(ownerRfc.counters().get("advertisementsSent") >= rfcSent + 3, "answered at once");

            // notify_master_rx_lower_pri: the script runs, with no arguments, for each lower priority heard
            await(() -> rx.state() == InstanceState.MASTER, rx::toString);
            tx.send(advert(76, 0, "192.0.2.176"), GROUP, TX);
            await(
                    () -> rx.counters().get("priorityZeroReceived") == 1,
                    () -> rx.counters().toString());
            tx.send(advert(76, 100, "192.0.2.176"), GROUP, TX);
            tx.send(advert(76, 100, "192.0.2.176"), GROUP, TX);
            await(() -> lines(rxOut).size() == 2, () -> lines(rxOut).toString());
            assertEquals(List.of("rx []", "rx []"), lines(rxOut));

            // skip_check_adv_addr: the same master's list is compared once; without it, every time
            for (int i = 0; i < 3; i++) {
                tx.send(advert(77, 250, "192.0.2.99"), GROUP, TX);
                tx.send(advert(78, 250, "192.0.2.99"), GROUP, TX);
            }
            await(
                    () -> check.counters().get("advertisementsReceived") == 3,
                    () -> check.counters().toString());
            await(
                    () -> skip.counters().get("advertisementsReceived") == 3,
                    () -> skip.counters().toString());
            assertEquals(3L, check.counters().get("addressListErrors"));
            assertEquals(1L, skip.counters().get("addressListErrors"));
            assertEquals(List.of("rx []", "rx []"), lines(rxOut), "priority 0 ran no script");
        } finally {
            engine.close();
            addresses.close();
            tx.close();
        }
    }

    private static final String DELAYED = """
            global_defs {
              vrrp_version 3
              vrrp_startup_delay 1.5
            }
            vrrp_instance VI_DELAY {
              interface eth0
              virtual_router_id 79
              priority 255
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.179/24 dev eth0
              }
            }
            """;

    /** vrrp_startup_delay: BACKUP and silent for the delay, even as the owner (which keepalived makes MASTER at once otherwise). */
    @Test
    void startupDelayHoldsTheFirstElection(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(DELAYED, "delay.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try (CapturedLog log = new CapturedLog()) {
            long created = System.nanoTime();
            us.run(() -> engine.apply(config));
            VrrpInstanceView v = engine.instance("VI_DELAY").orElseThrow();
            assertEquals(InstanceState.BACKUP, v.state());
            assertTrue(log.text().contains("(VI_DELAY) Delaying startup for"), log::text);
            await(() -> v.state() == InstanceState.MASTER, v::toString);
            long waited = System.nanoTime() - created;
            assertTrue(waited >= 1_400_000_000L, () -> "MASTER after " + waited / 1e6 + " ms");
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static byte[] advert(int vrid, int priority, String vip) {
        return VrrpCodec.encode(VrrpAdvert.v3(vrid, priority, 10, List.of(ip(vip))), TX, GROUP, ChecksumMode.STANDARD);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ReceivedPacket receive(VrrpSocket socket, int vrid) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            ReceivedPacket p = socket.receive(Duration.ofMillis(500));
            if (p != null && p.payload().length > 1 && (p.payload()[1] & 0xff) == vrid) {
                return p;
            }
        }
        throw new AssertionError("no advert for VRID " + vrid);
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        await(condition, () -> "condition");
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
