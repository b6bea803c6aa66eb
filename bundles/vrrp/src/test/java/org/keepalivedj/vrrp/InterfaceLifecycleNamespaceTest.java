package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.daemon.ApplyException;
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
 * An instance's interface coming and going, as keepalived 2.2.7 handles it (checked in namespaces,
 * see docs/vrrp.md): missing at start it is a config error unless dynamic_interfaces is set, then
 * the instance waits in FAULT and runs once the interface comes; a deleted and re-created interface
 * gets a new socket and the instance runs again; interface_up_down_delays holds a state change back
 * and drops one that is undone within the delay.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class InterfaceLifecycleNamespaceTest {

    private static final String CONFIG = """
            %s
            global_defs {
              %s
            }
            vrrp_instance VI_IF {
              state MASTER
              interface eth9
              virtual_router_id 51
              priority 100
              advert_int %s
              virtual_ipaddress {
                10.9.0.100/24
              }
            }
            """;

    private static KeepalivedConfig config(Path dir, String root, String globals, String advertInt) throws Exception {
        return KeepalivedConfigLoader.withBuiltinCheckers()
                .load(String.format(CONFIG, root, globals, advertInt), "if.conf", dir)
                .config();
    }

    @Test
    void aMissingInterfaceWithoutDynamicInterfacesIsAConfigError(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = config(dir, "", "router_id r1", "1");
        Netns us = lab.namespace("us");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            ApplyException e = assertThrows(ApplyException.class, () -> us.run(() -> engine.apply(config)));
            assertTrue(
                    e.problems().get(0).contains("interface eth9 does not exist")
                            && e.problems().get(0).contains("dynamic_interfaces"),
                    e.problems()::toString);
            assertTrue(e.problems().get(0).startsWith("if.conf:"), e.problems()::toString);
            assertTrue(engine.instances().isEmpty());
        } finally {
            engine.close();
            addresses.close();
        }
    }

    @Test
    void withDynamicInterfacesTheInstanceWaitsInFaultUntilItsInterfaceComes(NetLab lab, @TempDir Path dir)
            throws Exception {
        KeepalivedConfig config = config(dir, "", "dynamic_interfaces", "1");
        Netns us = lab.namespace("us");
        Netns peer = lab.namespace("peer");
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            VrrpInstanceView vi = engine.instance("VI_IF").orElseThrow();
            assertEquals(InstanceState.FAULT, vi.state());

            createInterface(lab, us, peer);
            await(() -> vi.state() == InstanceState.MASTER);
            assertTrue(addressesOf(us).contains("10.9.0.100/24"), () -> addressesOf(us));
            assertTrue(advertSeen(peer).contains("10.9.0.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100"));
        } finally {
            engine.close();
            addresses.close();
        }
    }

    @Test
    void aDeletedAndRecreatedInterfaceGetsANewSocket(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = config(dir, "", "router_id r1", "1");
        Netns us = lab.namespace("us");
        Netns peer = lab.namespace("peer");
        createInterface(lab, us, peer);
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        try {
            us.run(() -> engine.apply(config));
            VrrpInstanceView vi = engine.instance("VI_IF").orElseThrow();
            await(() -> vi.state() == InstanceState.MASTER);

            us.execOrThrow("ip", "link", "del", "eth9");
            await(() -> vi.state() == InstanceState.FAULT);
            long errorsBefore = vi.counters().get("sendErrors");

            createInterface(lab, us, peer);
            await(() -> vi.state() == InstanceState.MASTER);
            assertTrue(addressesOf(us).contains("10.9.0.100/24"), () -> addressesOf(us));
            assertTrue(advertSeen(peer).contains("10.9.0.1 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100"));
            assertEquals(
                    errorsBefore,
                    vi.counters().get("sendErrors"),
                    () -> vi.counters().toString());
        } finally {
            engine.close();
            addresses.close();
        }
    }

    /** Down delay 1.5 s, up delay 0.5 s; advert_int 1 keeps the delays under two advert intervals. */
    @Test
    void upDownDelaysHoldBackAndDropShortBounces(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = config(dir, "interface_up_down_delays {\n  eth9 1.5 0.5\n}", "router_id r1", "1");
        Netns us = lab.namespace("us");
        Netns peer = lab.namespace("peer");
        createInterface(lab, us, peer);
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        List<InstanceState> states = new CopyOnWriteArrayList<>();
        engine.addListener((v, from, to) -> states.add(to));
        try {
            us.run(() -> engine.apply(config));
            VrrpInstanceView vi = engine.instance("VI_IF").orElseThrow();
            await(() -> vi.state() == InstanceState.MASTER);

            // a bounce shorter than the down delay: no state change at all
            peer.execOrThrow("ip", "link", "set", "p9", "down");
            await(() -> !running(us));
            peer.execOrThrow("ip", "link", "set", "p9", "up");
            await(() -> running(us));
            long bounceEnd = System.nanoTime();
            await(() -> System.nanoTime() - bounceEnd > 2_000_000_000L); // past the down delay
            assertFalse(states.contains(InstanceState.FAULT), states::toString);

            // down for longer: FAULT after the down delay, not before
            long down = System.nanoTime();
            peer.execOrThrow("ip", "link", "set", "p9", "down");
            await(() -> vi.state() == InstanceState.FAULT);
            long faultAfter = System.nanoTime() - down;
            assertTrue(faultAfter >= 1_400_000_000L, () -> "FAULT after " + faultAfter / 1_000_000 + " ms");

            long up = System.nanoTime();
            peer.execOrThrow("ip", "link", "set", "p9", "up");
            await(() -> vi.state() != InstanceState.FAULT);
            long backAfter = System.nanoTime() - up;
            assertTrue(backAfter >= 450_000_000L, () -> "out of FAULT after " + backAfter / 1_000_000 + " ms");
        } finally {
            engine.close();
            addresses.close();
        }
    }

    /** The bounce test's control: without delays the same bounce faults the instance. */
    @Test
    void withoutDelaysABounceFaults(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfig config = config(dir, "", "router_id r1", "1");
        Netns us = lab.namespace("us");
        Netns peer = lab.namespace("peer");
        createInterface(lab, us, peer);
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        List<InstanceState> states = new CopyOnWriteArrayList<>();
        engine.addListener((v, from, to) -> states.add(to));
        try {
            us.run(() -> engine.apply(config));
            VrrpInstanceView vi = engine.instance("VI_IF").orElseThrow();
            await(() -> vi.state() == InstanceState.MASTER);
            peer.execOrThrow("ip", "link", "set", "p9", "down");
            await(() -> !running(us));
            peer.execOrThrow("ip", "link", "set", "p9", "up");
            await(() -> states.contains(InstanceState.FAULT));
        } finally {
            engine.close();
            addresses.close();
        }
    }

    private static void createInterface(NetLab lab, Netns us, Netns peer) {
        lab.vethPair(us, "eth9", peer, "p9");
        NetLab.addAddress(us, "eth9", "10.9.0.1/24");
    }

    private static boolean running(Netns ns) {
        String out = ns.execOrThrow("ip", "link", "show", "eth9").stdout();
        return out.contains("LOWER_UP") && !out.contains("NO-CARRIER");
    }

    private static String addressesOf(Netns ns) {
        return ns.execOrThrow("ip", "-4", "addr", "show", "dev", "eth9").stdout();
    }

    /** The first VRRP packet tcpdump sees on the peer's end of the link. */
    private static String advertSeen(Netns peer) throws Exception {
        Process p = peer.start("tcpdump", "-n", "-l", "-c", "1", "-i", "p9", "ip", "proto", "112");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "tcpdump saw no VRRP packet");
            StringBuilder out = new StringBuilder();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.append(line).append('\n');
            }
            return out.toString();
        } finally {
            p.destroy();
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
