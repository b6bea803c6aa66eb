package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.daemon.ReloadPlan.Action;
import org.keepalivedj.api.daemon.ReloadPlan.Section;
import org.keepalivedj.api.daemon.ReloadPreview;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.lvs.internal.LvsSubsystem;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.netlink.NetlinkMonitor;
import org.keepalivedj.netlink.NetworkNamespace;
import org.keepalivedj.netlink.RtNetlink;
import org.keepalivedj.staticnet.internal.StaticNetworkSubsystem;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * The reload preview against what the reload then does: the daemon with the real VRRP engine, static
 * network and LVS subsystems in a namespace, one edit after another (priority, a VIP added, a VIP
 * removed, an instance renamed, a real server weight, a checker timeout, an include added). For each,
 * the preview's plan is exactly the expected lines, and after the reload the kernel's addresses and
 * the runtime views (what the MBeans publish) changed exactly as the plan says: the addresses it adds
 * and removes, the instances it adds, removes and restarts (a new runtime) while the rest keep theirs,
 * the priorities and weights it changes, the checks it rebuilds (their attempt counters start over).
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class ReloadPreviewNamespaceTest {
    /** @P1@ and @P2@ are the real servers' ports, @INCLUDE@ where the include edit puts its line. */
    private static final String BASE = """
            global_defs {
                vrrp_version 3
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 61
                priority 150
                advert_int 0.1
                virtual_ipaddress {
                    10.20.0.100/24 dev eth0
                    10.20.0.101/24 dev eth0
                }
            }
            vrrp_instance VI_2 {
                state BACKUP
                interface eth0
                virtual_router_id 62
                priority 150
                advert_int 0.1
                virtual_ipaddress {
                    10.20.0.120/24 dev eth0
                }
            }
            virtual_server 10.20.0.100 80 {
                delay_loop 0.2
                lvs_sched rr
                lvs_method NAT
                protocol TCP
                real_server 127.0.0.1 @P1@ {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 1
                    }
                }
                real_server 127.0.0.1 @P2@ {
                    weight 2
                    TCP_CHECK {
                        connect_timeout 2
                    }
                }
            }
            @INCLUDE@
            """;

    /** One edit of the running file and the plan lines its preview must print, in order. */
    private record Edit(String name, UnaryOperator<String> change, List<String> plan) {}

    @TempDir
    Path dir;

    @Test
    void everyPlannedChangeIsWhatTheReloadDoesAndNothingElse(NetLab lab) throws Exception {
        Netns us = lab.node("us", "10.20.0.1/24");
        try (ServerSocket rs1 = ReloadMutationNamespaceTest.accepting(
                        new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
                ServerSocket rs2 = ReloadMutationNamespaceTest.accepting(
                        new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
                ConnectCheckFactory tcp = new ConnectCheckFactory("TCP_CHECK")) {
            String p1 = "" + rs1.getLocalPort();
            String p2 = "" + rs2.getLocalPort();
            String rs1Name = "[127.0.0.1]:tcp:" + p1 + " of [10.20.0.100]:tcp:80";
            String rs2Name = "[127.0.0.1]:tcp:" + p2 + " of [10.20.0.100]:tcp:80";
            Path extra =
                    Files.writeString(dir.resolve("extra.conf"), "static_ipaddress {\n    10.80.0.1/24 dev eth0\n}\n");
            List<Edit> edits = List.of(
                    new Edit(
                            "priority",
                            t -> t.replaceFirst("priority 150", "priority 120"),
                            List.of("change VI_1: priority 150 -> 120")),
                    new Edit(
                            "a VIP added",
                            t -> t.replace(
                                    "10.20.0.101/24 dev eth0\n",
                                    "10.20.0.101/24 dev eth0\n        10.20.0.102/24 dev eth0\n"),
                            List.of("restart VI_1: virtual_ipaddress + 10.20.0.102/24 dev eth0", HANDS_OVER_1)),
                    new Edit(
                            "a VIP removed",
                            t -> t.replace("        10.20.0.101/24 dev eth0\n", ""),
                            List.of("restart VI_1: virtual_ipaddress - 10.20.0.101/24 dev eth0", HANDS_OVER_1)),
                    new Edit(
                            "an instance renamed",
                            t -> t.replace("vrrp_instance VI_2", "vrrp_instance VI_9"),
                            List.of(
                                    "remove VI_2",
                                    "effect VI_2: MASTER sends priority 0 and removes its VIPs",
                                    "add VI_9")),
                    new Edit(
                            "a real server weight",
                            t -> t.replace("weight 1\n", "weight 3\n"),
                            List.of("change " + rs1Name + ": weight 1 -> 3")),
                    new Edit(
                            "a checker timeout",
                            t -> t.replace("connect_timeout 2", "connect_timeout 3"),
                            List.of("change " + rs2Name + ": TCP_CHECK + rebuilt")),
                    new Edit(
                            "an include added",
                            t -> t.replace("@INCLUDE@", "include " + extra),
                            List.of("add 10.80.0.1/24 dev eth0")));

            String text = BASE.replace("@P1@", p1).replace("@P2@", p2);
            Path conf = Files.writeString(dir.resolve("keepalived.conf"), text.replace("@INCLUDE@", ""));
            NetlinkAddressManager addresses = NetlinkAddressManager.open(us.name(), dir.resolve("state"));
            VrrpEngine vrrp = us.call(() -> VrrpEngine.builder(addresses).start());
            StaticNetworkSubsystem staticnet = new StaticNetworkSubsystem();
            staticnet.start(
                    addresses, NetworkNamespace.call(us.name(), RtNetlink::open), NetlinkMonitor.open(us.name()));
            LvsSubsystem lvs = new LvsSubsystem();
            KeepalivedDaemon daemon = new KeepalivedDaemon();
            try {
                daemon.addSubsystem(staticnet);
                daemon.addSubsystem(vrrp);
                daemon.addSubsystem(lvs);
                daemon.addChecker(tcp);
                lvs.addFactory(tcp);
                us.run(() -> daemon.start("1", TestSettings.forFile(conf.toString()), null));
                assertTrue(daemon.lastLoad().ok(), daemon.lastLoad().toString());
                await(
                        "both instances MASTER, both real servers checked",
                        () -> allMaster(vrrp, 2) && addresses(us).contains("eth0 10.20.0.120/24") && checkedTwice(lvs));

                ReloadPreview unchanged = us.call(() -> daemon.previewReload(null));
                assertTrue(unchanged.loads() && unchanged.plan().isEmpty(), unchanged.text());

                for (Edit edit : edits) {
                    text = edit.change().apply(text);
                    Files.writeString(conf, text.replace("@INCLUDE@", ""));
                    Set<String> kernelBefore = addresses(us);
                    Map<String, VrrpInstanceView> viewsBefore = views(vrrp);
                    Map<String, Long> attemptsBefore = attempts(lvs);

                    ReloadPreview preview = us.call(() -> daemon.previewReload(null));
                    assertTrue(preview.loads(), edit.name() + ": " + preview.text());
                    assertEquals(
                            edit.plan(),
                            preview.plan().changes().stream()
                                    .map(ReloadPlan.Change::line)
                                    .toList(),
                            edit.name() + ": " + preview.text());
                    assertEquals(kernelBefore, addresses(us), edit.name() + ": the preview changed the kernel");
                    assertEquals(viewsBefore, views(vrrp), edit.name() + ": the preview changed the instances");

                    LoadResult result = us.call(daemon::reload);
                    assertTrue(result.ok(), edit.name() + ": " + result);
                    ReloadPlan plan = preview.plan();
                    int instances = vrrp.instances().size();
                    Set<String> expectedKernel = expectedAddresses(kernelBefore, plan);
                    await(
                            edit.name() + ": the kernel as planned " + expectedKernel,
                            () -> allMaster(vrrp, instances) && addresses(us).equals(expectedKernel));
                    assertViewsAsPlanned(edit.name(), plan, viewsBefore, views(vrrp));
                    assertRealServersAsPlanned(edit.name(), plan, lvs, attemptsBefore);
                    ReloadPreview after = us.call(() -> daemon.previewReload(null));
                    assertTrue(
                            after.plan().isEmpty(), edit.name() + ": planned again after the reload: " + after.text());
                }

                // another file, with an error: its -t report, and nothing planned
                Path broken = Files.writeString(
                        dir.resolve("broken.conf"),
                        text.replace("@INCLUDE@", "").replace("priority 120", "priority abc"));
                ReloadPreview refused = us.call(() -> daemon.previewReload(broken));
                assertFalse(refused.loads(), refused.text());
                assertTrue(refused.plan().isEmpty(), refused.text());
                assertTrue(
                        refused.load().errors().stream()
                                .anyMatch(e -> e.startsWith(broken + ":") && e.contains("priority")),
                        refused.text());
                assertTrue(refused.text().contains("a reload would change nothing"), refused.text());
            } finally {
                daemon.deactivate();
                vrrp.close();
                staticnet.deactivate();
                lvs.deactivate();
                addresses.close();
            }
        }
    }

    private static final String HANDS_OVER_1 =
            "effect VI_1: MASTER hands over to its new config without a gap (no priority 0; VIPs it keeps stay)";

    /** The namespace's addresses after the plan: its VIP and static address lines added and removed. */
    private static Set<String> expectedAddresses(Set<String> before, ReloadPlan plan) {
        Set<String> out = new TreeSet<>(before);
        for (ReloadPlan.Change c : plan.changes()) {
            boolean vip = c.section() == Section.VRRP_INSTANCE && "virtual_ipaddress".equals(c.keyword());
            if (vip && c.before() != null) {
                out.remove(kernelForm(c.before()));
            }
            if (vip && c.after() != null) {
                out.add(kernelForm(c.after()));
            }
            if (c.section() == Section.STATIC_IPADDRESS) {
                (c.action() == Action.ADD ? out : Set.<String>of()).add(kernelForm(c.object()));
                if (c.action() == Action.REMOVE) {
                    out.remove(kernelForm(c.object()));
                }
            }
        }
        return out;
    }

    /** {@code 10.20.0.102/24 dev eth0} as {@link #addresses} has it: {@code eth0 10.20.0.102/24}. */
    private static String kernelForm(String line) {
        String[] w = line.split(" ");
        return w[2] + " " + w[0];
    }

    /**
     * Instances: those the plan removes are gone, those it adds are new, those it restarts have a new
     * runtime, every other keeps its runtime (same object) and a planned priority is the new base.
     */
    private static void assertViewsAsPlanned(
            String edit, ReloadPlan plan, Map<String, VrrpInstanceView> before, Map<String, VrrpInstanceView> after) {
        Set<String> removed = objects(plan, Section.VRRP_INSTANCE, Action.REMOVE);
        Set<String> added = objects(plan, Section.VRRP_INSTANCE, Action.ADD);
        Set<String> restarted = objects(plan, Section.VRRP_INSTANCE, Action.RESTART);
        Set<String> expectedNames = new TreeSet<>(before.keySet());
        expectedNames.removeAll(removed);
        expectedNames.addAll(added);
        assertEquals(expectedNames, new TreeSet<>(after.keySet()), edit + ": instances");
        for (String name : after.keySet()) {
            if (before.containsKey(name) && restarted.contains(name)) {
                assertNotSame(before.get(name), after.get(name), edit + ": " + name + " restarted");
            } else if (before.containsKey(name)) {
                assertSame(before.get(name), after.get(name), edit + ": " + name + " kept its runtime");
            }
        }
        for (ReloadPlan.Change c : plan.of(Section.VRRP_INSTANCE)) {
            if (c.action() == Action.CHANGE && c.keyword().equals("priority")) {
                assertEquals(Integer.parseInt(c.after()), after.get(c.object()).basePriority(), edit + ": " + c.line());
            }
        }
    }

    /**
     * Real servers: a planned weight is the configured weight, a planned rebuilt check starts counting
     * its attempts again, and every check the plan does not name keeps counting.
     */
    private static void assertRealServersAsPlanned(
            String edit, ReloadPlan plan, LvsSubsystem lvs, Map<String, Long> attemptsBefore) {
        Map<String, Long> now = attempts(lvs);
        Set<String> rebuilt = new TreeSet<>();
        for (ReloadPlan.Change c : plan.of(Section.REAL_SERVER)) {
            String key = key(c.object());
            if ("weight".equals(c.keyword())) {
                assertEquals(
                        Integer.parseInt(c.after()), realServer(lvs, key).configuredWeight(), edit + ": " + c.line());
            }
            if ("rebuilt".equals(c.after())) {
                rebuilt.add(key);
            }
        }
        for (Map.Entry<String, Long> e : attemptsBefore.entrySet()) {
            long after = now.get(e.getKey());
            if (rebuilt.contains(e.getKey())) {
                assertTrue(
                        after < e.getValue(),
                        edit + ": " + e.getKey() + " check rebuilt: " + e.getValue() + " -> " + after);
            } else {
                assertTrue(
                        after >= e.getValue(),
                        edit + ": " + e.getKey() + " check kept: " + e.getValue() + " -> " + after);
            }
        }
        assertEquals(attemptsBefore.keySet(), now.keySet(), edit + ": real servers");
    }

    /** {@code [127.0.0.1]:tcp:8080 of ...} as the view's key {@code 127.0.0.1:8080}. */
    private static String key(String object) {
        String server = object.substring(0, object.indexOf(" of "));
        return server.substring(1, server.indexOf(']')) + ":" + server.substring(server.lastIndexOf(':') + 1);
    }

    private static Set<String> objects(ReloadPlan plan, Section section, Action action) {
        Set<String> out = new TreeSet<>();
        plan.of(section).stream().filter(c -> c.action() == action).forEach(c -> out.add(c.object()));
        return out;
    }

    /** The namespace's IPv4 addresses as {@code DEV A/LEN}, the primary address of eth0 included. */
    private static Set<String> addresses(Netns ns) {
        Set<String> out = new TreeSet<>();
        for (String line : ns.execOrThrow("ip", "-o", "-4", "addr", "show")
                .stdout()
                .lines()
                .toList()) {
            String[] w = line.trim().split("\\s+");
            out.add(w[1] + " " + w[3]);
        }
        return out;
    }

    private static Map<String, VrrpInstanceView> views(VrrpEngine vrrp) {
        Map<String, VrrpInstanceView> out = new HashMap<>();
        vrrp.instances().forEach(v -> out.put(v.name(), v));
        return out;
    }

    private static Map<String, Long> attempts(LvsSubsystem lvs) {
        Map<String, Long> out = new HashMap<>();
        lvs.virtualServers().stream()
                .flatMap(vs -> vs.realServers().stream())
                .forEach(r -> out.put(r.key(), r.checkers().get(0).attempts()));
        return out;
    }

    private static boolean checkedTwice(LvsSubsystem lvs) {
        Map<String, Long> a = attempts(lvs);
        return a.size() == 2 && a.values().stream().allMatch(n -> n >= 3);
    }

    private static RealServerView realServer(LvsSubsystem lvs, String key) {
        return lvs.virtualServers().stream()
                .flatMap(vs -> vs.realServers().stream())
                .filter(r -> r.key().equals(key))
                .findFirst()
                .orElseThrow();
    }

    private static boolean allMaster(VrrpEngine vrrp, int count) {
        return vrrp.instances().size() == count
                && vrrp.instances().stream().allMatch(i -> i.state() == InstanceState.MASTER);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        CheckerHotDeployTest.await(what, condition);
    }
}
