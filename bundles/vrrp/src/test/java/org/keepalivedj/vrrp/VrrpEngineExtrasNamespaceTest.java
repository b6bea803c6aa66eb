package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The engine in a namespace: our own adverts coming back to us are ignored without an error, and a
 * sync group runs its notify scripts and writes its FIFO lines as keepalived does.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class VrrpEngineExtrasNamespaceTest {

    private static final String SELF_PEERS = """
            global_defs {
              vrrp_version 3
            }
            vrrp_instance VI_SELF {
              state BACKUP
              interface eth0
              virtual_router_id 11
              priority 150
              advert_int 0.1
              unicast_src_ip 192.0.2.11
              unicast_peer {
                192.0.2.1
                192.0.2.11
                192.0.2.2
              }
              virtual_ipaddress {
                192.0.2.111/24 dev eth0
              }
            }
            vrrp_instance VI_LO {
              state BACKUP
              interface lo
              virtual_router_id 12
              priority 150
              advert_int 0.1
              unicast_peer {
                127.0.0.1
                127.0.0.2
              }
              virtual_ipaddress {
                127.0.0.100/32 dev lo
              }
            }
            """;

    /** A peer list naming ourselves (one config for every node) sends us our own adverts, on eth0 and on lo. */
    @Test
    void ownAdvertsLoopedBackAreIgnoredWithoutCountingErrors(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(SELF_PEERS, "self.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24", "192.0.2.11/24");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            for (String name : List.of("VI_SELF", "VI_LO")) {
                VrrpInstanceView vi = engine.instance(name).orElseThrow();
                await(() -> vi.state() == InstanceState.MASTER);
                await(() -> vi.counters().get("ownPacketsIgnored") >= 10);
                assertEquals(InstanceState.MASTER, vi.state(), name);
                assertEquals(0L, vi.counters().get("checksumErrors"), () -> name + " " + vi.counters());
                assertEquals(0L, vi.counters().get("advertisementsReceived"), () -> name + " " + vi.counters());
                assertEquals(0L, vi.counters().get("otherDrops"), () -> name + " " + vi.counters());
                assertEquals(1L, vi.counters().get("masterTransitions"), () -> name + " " + vi.counters());
            }
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static final String SYNC_GROUP = """
            global_defs {
              vrrp_version 3
              vrrp_notify_fifo %1$s/fifo
            }
            vrrp_sync_group G1 {
              group {
                VI_1
                VI_2
              }
              notify_master "%1$s/record.sh gm"
              notify_backup "%1$s/record.sh gb"
              notify_fault "%1$s/record.sh gf"
              notify_stop "%1$s/record.sh gs"
              notify "%1$s/record.sh any"
            }
            vrrp_instance VI_1 {
              state BACKUP
              interface eth0
              virtual_router_id 21
              priority 150
              advert_int 0.1
              track_interface {
                eth1
              }
              virtual_ipaddress {
                192.0.2.121/24 dev eth0
              }
            }
            vrrp_instance VI_2 {
              state BACKUP
              interface eth0
              virtual_router_id 22
              priority 150
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.122/24 dev eth0
              }
            }
            """;

    @Test
    void syncGroupNotifiesWithGroupArgumentsAndFifoLines(NetLab lab, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("record.out");
        Files.writeString(dir.resolve("record.sh"), "#!/bin/sh\necho \"$*\" >> " + out + "\n");
        dir.resolve("record.sh").toFile().setExecutable(true);
        // vrrp_notify_fifo naming an existing regular file: the lines are appended to it
        Files.createFile(dir.resolve("fifo"));
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(String.format(SYNC_GROUP, dir), "group.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        Netns other = lab.namespace("other");
        lab.vethPair(us, "eth1", other, "eth1");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            await(() -> engine.instances().stream().allMatch(v -> v.state() == InstanceState.MASTER));
            await(() -> lines(out).containsAll(List.of("gb", "any GROUP G1 BACKUP 0", "gm", "any GROUP G1 MASTER 0")));

            us.execOrThrow("ip", "link", "set", "eth1", "down");
            await(() -> engine.instances().stream().allMatch(v -> v.state() == InstanceState.FAULT));
            await(() -> lines(out).containsAll(List.of("gf", "any GROUP G1 FAULT 0")));

            engine.stop();
            await(() -> lines(out).containsAll(List.of("gs", "any GROUP G1 STOP 0")));
            await(() -> groupFifoLines(dir).size() == 4);
            assertEquals(
                    List.of(
                            "GROUP \"G1\" BACKUP 0",
                            "GROUP \"G1\" MASTER 0",
                            "GROUP \"G1\" FAULT 0",
                            "GROUP \"G1\" STOP 0"),
                    groupFifoLines(dir));
            assertTrue(
                    lines(dir.resolve("fifo")).contains("INSTANCE \"VI_2\" MASTER 150"),
                    () -> lines(dir.resolve("fifo")).toString());
            // each group transition ran its script once (instance-level scripts are not configured)
            assertEquals(
                    1,
                    lines(out).stream().filter("gm"::equals).count(),
                    () -> lines(out).toString());
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static List<String> groupFifoLines(Path dir) {
        return lines(dir.resolve("fifo")).stream()
                .filter(l -> l.startsWith("GROUP"))
                .toList();
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
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
