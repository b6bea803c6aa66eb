package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
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
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The engine in a namespace, watched and poked by a raw VRRP socket in a neighbour namespace:
 * adverts on the wire, VIPs, notify scripts and FIFO lines, validation counters, reload without a
 * state change, a higher-priority advert, and a clean stop with priority 0.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class VrrpEngineNamespaceTest {

    private static final String CONF = """
            global_defs {
              vrrp_version 3
              vrrp_notify_fifo %1$s/fifo
              vrrp_notify_fifo_script "%1$s/fifo-reader.sh copy"
            }
            vrrp_instance VI_1 {
              state BACKUP
              interface eth0
              virtual_router_id 7
              priority 150
              advert_int 0.1
              notify "%1$s/notify.sh"
              notify_master "%1$s/master.sh extra"
              virtual_ipaddress {
                192.0.2.100/24 dev eth0
              }
            }
            """;

    @Test
    void runsAnInstanceEndToEnd(NetLab lab, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notify.sh"), "#!/bin/sh\necho \"$@\" >> " + dir + "/notify.out\n");
        Files.writeString(dir.resolve("master.sh"), "#!/bin/sh\necho \"$@\" >> " + dir + "/master.out\n");
        dir.resolve("notify.sh").toFile().setExecutable(true);
        dir.resolve("master.sh").toFile().setExecutable(true);
        // the FIFO's reader: started with its own argument and the FIFO, it copies the lines to fifo.out
        Files.writeString(
                dir.resolve("fifo-reader.sh"),
                "#!/bin/sh\necho $$ > " + dir + "/reader.pid\n" + "while read -r line; do echo \"$1 $line\" >> " + dir
                        + "/fifo.out; done < \"$2\"\n");
        dir.resolve("fifo-reader.sh").toFile().setExecutable(true);
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(String.format(CONF, dir), "test.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        Netns probeNs = lab.node("probe", "192.0.2.2/24");
        VrrpSocket probe = probeNs.call(() -> VrrpSocket.openIpv4("eth0"));
        probe.joinGroup(VrrpSocket.GROUP_V4);
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        java.util.concurrent.atomic.AtomicLong readerPid = new java.util.concurrent.atomic.AtomicLong(-1);
        try {
            us.run(() -> engine.apply(config));
            VrrpInstanceView vi = engine.instance("VI_1").orElseThrow();
            await(() -> vi.state() == InstanceState.MASTER);
            await(() -> holdsVip(us));

            ReceivedPacket p = receiveFrom(probe, "192.0.2.1");
            DecodeResult d = VrrpCodec.decode(p.payload(), false);
            assertEquals(VrrpAdvert.v3(7, 150, 10, List.of(InetAddress.getByName("192.0.2.100"))), d.advert());
            assertTrue(VrrpCodec.checksumValid(p.payload(), p.source(), p.destination(), ChecksumMode.STANDARD));
            assertEquals(255, p.ttl());

            await(() -> read(dir.resolve("notify.out")).contains("INSTANCE VI_1 MASTER 150"));
            await(() -> read(dir.resolve("master.out")).equals("extra\n"));
            await(() -> read(dir.resolve("fifo.out")).contains("copy INSTANCE \"VI_1\" MASTER 150\n"));
            long reader = Long.parseLong(read(dir.resolve("reader.pid")).trim());
            readerPid.set(reader);
            assertTrue(
                    read(dir.resolve("notify.out")).startsWith("INSTANCE VI_1 BACKUP 150"),
                    () -> "notify_backup fires at start-up first: " + read(dir.resolve("notify.out")));

            // a reload with the same config keeps the instance as it is
            Instant before = vi.lastTransition();
            KeepalivedConfig again = KeepalivedConfigLoader.withBuiltinCheckers()
                    .load(String.format(CONF, dir), "test.conf", dir)
                    .config();
            us.run(() -> engine.apply(again));
            assertEquals(
                    InstanceState.MASTER, engine.instance("VI_1").orElseThrow().state());
            assertEquals(before, engine.instance("VI_1").orElseThrow().lastTransition());
            assertTrue(holdsVip(us));
            assertTrue(ProcessHandle.of(reader).isPresent(), "the same FIFO: its reader runs on");
            assertEquals(Long.toString(reader), read(dir.resolve("reader.pid")).trim(), "and was not restarted");

            // a corrupted advert is dropped and counted
            byte[] bad = VrrpCodec.encode(
                    VrrpAdvert.v3(7, 200, 10, List.of(InetAddress.getByName("192.0.2.100"))),
                    InetAddress.getByName("192.0.2.2"),
                    VrrpSocket.GROUP_V4,
                    ChecksumMode.STANDARD);
            bad[7] ^= 1;
            probe.send(bad, VrrpSocket.GROUP_V4);
            await(() -> vi.counters().get("checksumErrors") == 1);
            assertEquals(InstanceState.MASTER, vi.state());

            // a higher priority makes us BACKUP and takes the VIP away
            byte[] higher = VrrpCodec.encode(
                    VrrpAdvert.v3(7, 200, 10, List.of(InetAddress.getByName("192.0.2.100"))),
                    InetAddress.getByName("192.0.2.2"),
                    VrrpSocket.GROUP_V4,
                    ChecksumMode.STANDARD);
            probe.send(higher, VrrpSocket.GROUP_V4);
            await(() -> vi.state() == InstanceState.BACKUP);
            assertEquals(InetAddress.getByName("192.0.2.2"), vi.masterAddress());
            assertTrue(!holdsVip(us));
            await(() -> vi.state() == InstanceState.MASTER); // silence: we take over again
            await(() -> holdsVip(us));

            // stop: priority 0 on the wire, the VIP gone
            engine.stop();
            assertTrue(!holdsVip(us));
            ReceivedPacket last = null;
            for (ReceivedPacket r; (r = probe.receive(Duration.ofMillis(300))) != null; ) {
                last = r;
            }
            assertEquals(0, VrrpCodec.decode(last.payload(), false).advert().priority());
            assertEquals(1L, vi.counters().get("priorityZeroSent"));
        } finally {
            engine.close();
            addresses.close();
            probe.close();
        }
        await(() -> ProcessHandle.of(readerPid.get()).isEmpty()); // the FIFO reader stops with the engine
    }

    private static final String TRACKING = """
            global_defs {
              vrrp_version 3
            }
            vrrp_script chk_flag {
              script "/bin/test -f %1$s/flag"
              interval 0.1
              weight -100
              rise 1
              fall 1
            }
            vrrp_instance VI_T {
              state BACKUP
              interface eth0
              virtual_router_id 9
              priority 150
              advert_int 0.1
              track_interface {
                eth1
              }
              track_script {
                chk_flag
              }
              virtual_ipaddress {
                192.0.2.109/24 dev eth0
              }
            }
            """;

    @Test
    void trackedInterfaceDownIsAFaultAndAScriptWeightMovesThePriority(NetLab lab, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("flag"), "");
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(String.format(TRACKING, dir), "tracking.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        Netns other = lab.namespace("other");
        lab.vethPair(us, "eth1", other, "eth1");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            VrrpInstanceView vi = engine.instance("VI_T").orElseThrow();
            await(() -> vi.state() == InstanceState.MASTER);
            assertEquals(150, vi.effectivePriority());

            us.execOrThrow("ip", "link", "set", "eth1", "down");
            await(() -> vi.state() == InstanceState.FAULT);
            assertEquals(List.of("interface eth1 down"), vi.faultReasons());
            await(() ->
                    !us.exec("ip", "-o", "addr", "show", "dev", "eth0").stdout().contains("192.0.2.109"));
            us.execOrThrow("ip", "link", "set", "eth1", "up");
            await(() -> vi.state() == InstanceState.MASTER);

            Files.delete(dir.resolve("flag"));
            await(() -> vi.effectivePriority() == 50);
            Files.writeString(dir.resolve("flag"), "");
            await(() -> vi.effectivePriority() == 150);
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static String instance(String name, int vrid, int priority, String vip) {
        return "vrrp_instance " + name + " {\n  state BACKUP\n  interface eth0\n  virtual_router_id " + vrid
                + "\n  priority " + priority + "\n  advert_int 0.1\n  virtual_ipaddress {\n    " + vip
                + "/24 dev eth0\n  }\n}\n";
    }

    @Test
    void reloadKeepsUnchangedInstancesRestartsChangedOnesAndStopsRemovedOnes(NetLab lab, @TempDir Path dir)
            throws Exception {
        String head = "global_defs {\n  vrrp_version 3\n}\n";
        KeepalivedConfigLoader loader = KeepalivedConfigLoader.withBuiltinCheckers();
        KeepalivedConfig first = loader.load(
                        head
                                + instance("VI_A", 21, 150, "192.0.2.121")
                                + instance("VI_B", 22, 150, "192.0.2.122")
                                + instance("VI_C", 23, 150, "192.0.2.123"),
                        "first.conf",
                        dir)
                .config();
        KeepalivedConfig second = loader.load(
                        head + instance("VI_A", 21, 150, "192.0.2.121") + instance("VI_C", 23, 120, "192.0.2.123"),
                        "second.conf",
                        dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(first));
            await(() -> engine.instances().stream().allMatch(v -> v.state() == InstanceState.MASTER));
            await(() -> addresses.added().size() == 3);
            Instant aSince = engine.instance("VI_A").orElseThrow().lastTransition();

            us.run(() -> engine.apply(second));
            assertEquals(
                    List.of("VI_A", "VI_C"),
                    engine.instances().stream().map(VrrpInstanceView::name).toList());
            VrrpInstanceView a = engine.instance("VI_A").orElseThrow();
            assertEquals(InstanceState.MASTER, a.state());
            assertEquals(aSince, a.lastTransition(), "VI_A did not change and kept its state");
            String eth0 = us.exec("ip", "-o", "addr", "show", "dev", "eth0").stdout();
            assertTrue(!eth0.contains("192.0.2.122/"), "VI_B's VIP went with it: " + eth0);
            assertTrue(eth0.contains("192.0.2.121/"), eth0);
            VrrpInstanceView c = engine.instance("VI_C").orElseThrow();
            assertEquals(120, c.basePriority(), "VI_C runs its new config");
            await(() -> c.state() == InstanceState.MASTER);
        } finally {
            engine.close();
            assertTrue(addresses.added().isEmpty(), "close removes every VIP we added");
            addresses.close();
        }
    }

    private static boolean holdsVip(Netns ns) {
        return ns.exec("ip", "-o", "addr", "show", "dev", "eth0").stdout().contains(" 192.0.2.100/24");
    }

    private static ReceivedPacket receiveFrom(VrrpSocket s, String source) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            ReceivedPacket p = s.receive(Duration.ofMillis(500));
            if (p != null && p.source().getHostAddress().equals(source)) {
                return p;
            }
        }
        throw new AssertionError("no advert from " + source);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
