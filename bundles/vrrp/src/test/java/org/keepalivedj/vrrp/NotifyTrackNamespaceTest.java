package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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
 * keepalived 2.2.7's notification and tracking extras, each as keepalived did them in a namespace
 * (docs/vrrp.md): priority changes on the FIFO, a deleted instance's notify, states written on reload,
 * weights in a sync group, vrrp_track_process delays and a vrrp_script's group.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class NotifyTrackNamespaceTest {

    private static final String HEAD = """
            global_defs {
              vrrp_version 3
              vrrp_notify_fifo %1$s/fifo
              fifo_write_vrrp_states_on_reload
            }
            track_file tf {
              file %1$s/track
              weight 1
            }
            vrrp_sync_group G1 {
              group {
                VI_2
              }
              notify_priority_changes
              sync_group_tracking_weight
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 31
              priority 100
              advert_int 0.1
              notify_priority_changes
              track_file {
                tf
              }
              virtual_ipaddress {
                192.0.2.131/32 dev eth0
              }
            }
            vrrp_instance VI_2 {
              interface eth0
              virtual_router_id 32
              priority 90
              advert_int 0.1
              track_file {
                tf
              }
              virtual_ipaddress {
                192.0.2.132/32 dev eth0
              }
            }
            vrrp_instance VI_3 {
              interface eth0
              virtual_router_id 33
              priority 80
              advert_int 0.1
              track_file {
                tf
              }
              virtual_ipaddress {
                192.0.2.133/32 dev eth0
              }
            }
            """;

    private static final String DELETED = """
            vrrp_instance VI_4 {
              interface eth0
              virtual_router_id 34
              priority 70
              advert_int 0.1
              notify_deleted "%1$s/record.sh deleted-script"
              notify_stop "%1$s/record.sh stop-script"
              notify %1$s/record.sh
              virtual_ipaddress {
                192.0.2.134/32 dev eth0
              }
            }
            vrrp_instance VI_5 {
              interface eth0
              virtual_router_id 35
              priority 60
              advert_int 0.1
              notify_fault "%1$s/record.sh fault-script"
              notify_stop "%1$s/record.sh stop-script"
              notify %1$s/record.sh
              virtual_ipaddress {
                192.0.2.135/32 dev eth0
              }
            }
            """;

    /**
     * As keepalived 2.2.7 wrote them: {@code INSTANCE "VI_1" MASTER_PRIORITY 105} for an instance with
     * notify_priority_changes or in a group with it, nothing for the others; a removed instance runs
     * its notify_deleted script and notify says DELETED (FAULT without notify_deleted; no stop or fault
     * script); with fifo_write_vrrp_states_on_reload the reload writes every state.
     */
    @Test
    void priorityChangesDeletedInstancesAndStatesOnReload(NetLab lab, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("record.out");
        Files.writeString(dir.resolve("record.sh"), "#!/bin/sh\necho \"$*\" >> " + out + "\n");
        dir.resolve("record.sh").toFile().setExecutable(true);
        Files.createFile(dir.resolve("fifo")); // a regular file: the lines are appended to it
        Files.writeString(dir.resolve("track"), "0\n");
        KeepalivedConfigLoader loader = KeepalivedConfigLoader.withBuiltinCheckers();
        KeepalivedConfig full = loader.load(String.format(HEAD + DELETED, dir), "full.conf", dir)
                .config();
        KeepalivedConfig reduced =
                loader.load(String.format(HEAD, dir), "reduced.conf", dir).config();
        Netns us = lab.node("us", "192.0.2.1/24");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(full));
            await(() -> engine.instances().stream().allMatch(v -> v.state() == InstanceState.MASTER));

            Files.writeString(dir.resolve("track"), "5\n");
            await(() -> lines(dir.resolve("fifo"))
                    .containsAll(
                            List.of("INSTANCE \"VI_1\" MASTER_PRIORITY 105", "INSTANCE \"VI_2\" MASTER_PRIORITY 95")));
            await(() -> engine.instance("VI_3").orElseThrow().effectivePriority() == 85);
            assertTrue(
                    lines(dir.resolve("fifo")).stream().noneMatch(l -> l.contains("VI_3\" MASTER_PRIORITY")),
                    () -> "VI_3 has no notify_priority_changes: " + lines(dir.resolve("fifo")));

            int before = lines(dir.resolve("fifo")).size();
            us.run(() -> engine.apply(reduced));
            await(() -> lines(out)
                    .containsAll(List.of("deleted-script", "INSTANCE VI_4 DELETED 70", "INSTANCE VI_5 FAULT 60")));
            assertFalse(lines(out).contains("stop-script"), () -> lines(out).toString());
            assertFalse(lines(out).contains("fault-script"), () -> lines(out).toString());
            await(() -> lines(dir.resolve("fifo")).size() >= before + 6);
            List<String> reload = lines(dir.resolve("fifo")).subList(before, before + 6);
            assertEquals(
                    List.of(
                            "INSTANCE \"VI_4\" DELETED 70",
                            "INSTANCE \"VI_5\" FAULT 60",
                            "GROUP \"G1\" MASTER 0",
                            "INSTANCE \"VI_1\" MASTER 105",
                            "INSTANCE \"VI_2\" MASTER 95",
                            "INSTANCE \"VI_3\" MASTER 85"),
                    reload);
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static final String GROUP_WEIGHT = """
            global_defs {
              vrrp_version 3
            }
            track_file tf {
              file %1$s/track
              weight 1
            }
            vrrp_sync_group G1 {
              group {
                VI_1
              }
              %2$s
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 41
              priority 100
              advert_int 0.1
              track_file {
                tf
              }
              virtual_ipaddress {
                192.0.2.141/32 dev eth0
              }
            }
            """;

    /**
     * keepalived 2.2.7: a member's own weighted track_file is taken as weight 0 (a non-zero value
     * faults it) unless the group has sync_group_tracking_weight (then the value adds to the priority).
     */
    @Test
    void syncGroupMembersTrackWithWeightOnlyWithSyncGroupTrackingWeight(NetLab lab, @TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("track"), "0\n");
        KeepalivedConfigLoader loader = KeepalivedConfigLoader.withBuiltinCheckers();
        Netns us = lab.node("us", "192.0.2.1/24");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            KeepalivedConfig ignored = loader.load(String.format(GROUP_WEIGHT, dir, ""), "a.conf", dir)
                    .config();
            us.run(() -> engine.apply(ignored));
            VrrpInstanceView vi = engine.instance("VI_1").orElseThrow();
            await(() -> vi.state() == InstanceState.MASTER);
            Files.writeString(dir.resolve("track"), "4\n");
            await(() -> vi.state() == InstanceState.FAULT);
            assertEquals(100, vi.effectivePriority());

            Files.writeString(dir.resolve("track"), "0\n");
            KeepalivedConfig weighted = loader.load(String.format(GROUP_WEIGHT, dir, "global_tracking"), "b.conf", dir)
                    .config();
            us.run(() -> engine.apply(weighted));
            VrrpInstanceView vi2 = engine.instance("VI_1").orElseThrow();
            await(() -> vi2.state() == InstanceState.MASTER);
            Files.writeString(dir.resolve("track"), "4\n");
            await(() -> vi2.effectivePriority() == 104);
            assertEquals(InstanceState.MASTER, vi2.state());
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static final String PROCESS = """
            global_defs {
              vrrp_version 3
            }
            vrrp_track_process proc {
              process sleep %1$s
              weight 0
              terminate_delay 2
              delay 1.5
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              priority 100
              advert_int 0.1
              track_process {
                proc
              }
              virtual_ipaddress {
                192.0.2.151/32 dev eth0
              }
            }
            """;

    /** fork_delay (here from delay) and terminate_delay hold a process's change back that long. */
    @Test
    void trackProcessChangesWaitForkAndTerminateDelay(NetLab lab, @TempDir Path dir) throws Exception {
        String argument = "86400." + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(String.format(PROCESS, argument), "proc.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        Process sleep = null;
        try {
            us.run(() -> engine.apply(config));
            VrrpInstanceView vi = engine.instance("VI_1").orElseThrow();
            await(() -> vi.state() == InstanceState.FAULT);

            long started = System.nanoTime();
            sleep = new ProcessBuilder("sleep", argument).start();
            await(() -> vi.state() != InstanceState.FAULT);
            long upMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(upMillis >= 1500, "left FAULT " + upMillis + " ms after the process started");

            await(() -> vi.state() == InstanceState.MASTER);
            long killed = System.nanoTime();
            sleep.destroy();
            sleep.waitFor();
            await(() -> vi.state() == InstanceState.FAULT);
            long downMillis = (System.nanoTime() - killed) / 1_000_000;
            assertTrue(downMillis >= 2000, "FAULT " + downMillis + " ms after the process ended");
        } finally {
            if (sleep != null) {
                sleep.destroyForcibly();
            }
            engine.close();
            addresses.close();
        }
    }

    private static final String SCRIPT_GROUP = """
            global_defs {
              vrrp_version 3
            }
            vrrp_script chk {
              script %1$s/chk.sh
              interval 0.2
              user nobody daemon
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 61
              priority 100
              advert_int 0.1
              track_script {
                chk
              }
              virtual_ipaddress {
                192.0.2.161/32 dev eth0
              }
            }
            """;

    /** vrrp_script's user USER GROUP: the script runs with that group, not the user's own (nogroup). */
    @Test
    void vrrpScriptRunsAsItsUserAndGroup(NetLab lab, @TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path out = dir.resolve("group.out");
        Files.writeString(dir.resolve("chk.sh"), "#!/bin/sh\nid -gn > " + out + "\n[ \"$(id -gn)\" = daemon ]\n");
        Files.setPosixFilePermissions(dir.resolve("chk.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(String.format(SCRIPT_GROUP, dir), "script.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            await(() -> lines(out).equals(List.of("daemon")));
            VrrpInstanceView vi = engine.instance("VI_1").orElseThrow();
            await(() -> vi.state() == InstanceState.MASTER);
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static final String NO_TRACK = """
            global_defs {
              vrrp_version 3
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 71
              priority 100
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.171/32 dev eth0
                192.0.2.172/32 dev eth0 no_track
              }
            }
            """;

    /**
     * As keepalived 2.2.7 did: deleting a no_track VIP changes nothing (it stays deleted); deleting a
     * tracked one makes the MASTER send priority 0 and go to BACKUP, and alone it comes back as MASTER
     * with every VIP.
     */
    @Test
    void deletedVipTakesMasterOutUnlessNoTrack(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(NO_TRACK, "notrack.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            VrrpInstanceView vi = engine.instance("VI_1").orElseThrow();
            await(() -> vi.state() == InstanceState.MASTER && hasAddress(us, "192.0.2.172/32"));

            us.execOrThrow("ip", "addr", "del", "192.0.2.172/32", "dev", "eth0");
            us.execOrThrow("ip", "addr", "del", "192.0.2.171/32", "dev", "eth0");
            await(() -> vi.counters().get("masterTransitions") == 2L);
            assertEquals(InstanceState.MASTER, vi.state());
            await(() -> hasAddress(us, "192.0.2.171/32") && hasAddress(us, "192.0.2.172/32"));
            assertEquals(
                    1L,
                    vi.counters().get("priorityZeroSent"),
                    () -> vi.counters().toString());
        } finally {
            engine.close();
            addresses.close();
        }
    }

    /**
     * Only the no_track VIP deleted: the instance stays MASTER, and the address stays away. Checked
     * after a tracked VIP's deletion on another instance was handled (the same event path, later).
     */
    @Test
    void deletedNoTrackVipChangesNothing(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(NO_TRACK + """
                        vrrp_instance VI_2 {
                          interface eth0
                          virtual_router_id 72
                          priority 100
                          advert_int 0.1
                          virtual_ipaddress {
                            192.0.2.173/32 dev eth0
                          }
                        }
                        """, "notrack2.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            VrrpInstanceView vi = engine.instance("VI_1").orElseThrow();
            VrrpInstanceView other = engine.instance("VI_2").orElseThrow();
            await(() -> vi.state() == InstanceState.MASTER && other.state() == InstanceState.MASTER);

            us.execOrThrow("ip", "addr", "del", "192.0.2.172/32", "dev", "eth0");
            us.execOrThrow("ip", "addr", "del", "192.0.2.173/32", "dev", "eth0");
            await(() -> other.counters().get("priorityZeroSent") == 1L);
            assertEquals(InstanceState.MASTER, vi.state());
            assertEquals(
                    1L,
                    vi.counters().get("masterTransitions"),
                    () -> vi.counters().toString());
            assertFalse(hasAddress(us, "192.0.2.172/32"));
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static final String TRACK_GROUP = """
            global_defs {
              vrrp_version 3
            }
            track_group TG1 {
              group {
                VI_1
              }
            }
            static_ipaddress {
              192.0.2.190/32 dev tg0 track_group TG1
              192.0.2.191/32 dev tg0
            }
            static_routes {
              198.51.100.0/24 dev ta0 track_group TG1
            }
            static_rules {
              from 198.51.100.0/24 iif tb0 table 100 priority 100 track_group TG1
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 81
              priority 100
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.181/32 dev eth0
              }
            }
            vrrp_instance VI_2 {
              interface eth0
              virtual_router_id 82
              priority 100
              advert_int 0.1
              virtual_ipaddress {
                192.0.2.182/32 dev eth0
              }
            }
            """;

    /**
     * As keepalived 2.2.7 did (measured with the same lines): a static address, route or rule with
     * track_group faults the group's instances while the line's interface (dev, or a rule's iif) is
     * down, without carrier or deleted, and they come back when it is up again; a re-created
     * interface counts only once it is up. An instance the group does not list is untouched.
     */
    @Test
    void trackGroupFaultsItsInstancesWhileAStaticLinesInterfaceIsDown(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(TRACK_GROUP, "tg.conf", dir)
                .config();
        Netns us = lab.node("us", "192.0.2.1/24");
        for (String pair : List.of("tg", "ta", "tb")) {
            us.execOrThrow("ip", "link", "add", pair + "0", "type", "veth", "peer", "name", pair + "1");
            us.execOrThrow("ip", "link", "set", pair + "0", "up");
            us.execOrThrow("ip", "link", "set", pair + "1", "up");
        }
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            VrrpInstanceView vi = engine.instance("VI_1").orElseThrow();
            VrrpInstanceView other = engine.instance("VI_2").orElseThrow();
            await(() -> vi.state() == InstanceState.MASTER && other.state() == InstanceState.MASTER);

            // the static address's interface loses its carrier
            us.execOrThrow("ip", "link", "set", "tg1", "down");
            await(() -> vi.state() == InstanceState.FAULT);
            us.execOrThrow("ip", "link", "set", "tg1", "up");
            await(() -> vi.state() == InstanceState.MASTER);

            // the static route's dev is set down
            us.execOrThrow("ip", "link", "set", "ta0", "down");
            await(() -> vi.state() == InstanceState.FAULT);
            us.execOrThrow("ip", "link", "set", "ta0", "up");
            await(() -> vi.state() == InstanceState.MASTER);

            // the static rule's iif is deleted, then re-created (down) and set up
            us.execOrThrow("ip", "link", "del", "tb0");
            await(() -> vi.state() == InstanceState.FAULT);
            us.execOrThrow("ip", "link", "add", "tb0", "type", "veth", "peer", "name", "tb1");
            us.execOrThrow("ip", "link", "set", "tb1", "up");
            us.execOrThrow("ip", "link", "set", "tb0", "up");
            await(() -> vi.state() == InstanceState.MASTER);

            assertEquals(
                    4L,
                    vi.counters().get("masterTransitions"),
                    () -> vi.counters().toString());
            assertEquals(
                    1L,
                    other.counters().get("masterTransitions"),
                    () -> other.counters().toString());
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static boolean hasAddress(Netns ns, String cidr) {
        return ns.exec("ip", "-o", "addr", "show", "dev", "eth0").stdout().contains(" " + cidr + " ");
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
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
