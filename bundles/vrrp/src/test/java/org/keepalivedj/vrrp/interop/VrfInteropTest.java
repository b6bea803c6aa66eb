package org.keepalivedj.vrrp.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * An instance whose interface is enslaved to a VRF, against keepalived 2.2.7 on the other end of a
 * veth in a VRF of its own, as docs/vrrp-interfaces.md describes: adverts leave and arrive through
 * the slave (IPv4 multicast and unicast, IPv6 multicast), the VIP goes on the slave and its local
 * route into the VRF's table, gratuitous ARPs / unsolicited NAs go out on the slave, and both fail
 * over to each other. Needs the vrf module
 * (skips without it); VrrpInUmlIT runs it inside user-mode-linux, whose kernel has it.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class VrfInteropTest {

    private static final String VIP = "10.9.0.100";

    @Test
    void multicastInAVrfInteroperatesWithKeepalived(NetLab lab, @TempDir Path dir) throws Exception {
        run(lab, dir, "", "", "10.9.0.1 > 224.0.0.18");
    }

    /** With vrf beside interface, which keepalived 2.2.7 ignores with a complaint, and so do we. */
    @Test
    void unicastInAVrfInteroperatesWithKeepalived(NetLab lab, @TempDir Path dir) throws Exception {
        run(
                lab,
                dir,
                "  vrf blue\n  unicast_src_ip 10.9.0.1\n  unicast_peer {\n    10.9.0.2\n  }\n",
                "  unicast_src_ip 10.9.0.2\n  unicast_peer {\n    10.9.0.1\n  }\n",
                "10.9.0.1 > 10.9.0.2");
    }

    private static String ours(String extra) {
        return "vrrp_instance VI {\n  state MASTER\n  interface eth9\n" + extra
                + "  virtual_router_id 52\n  priority 150\n  advert_int 1\n  virtual_ipaddress {\n    " + VIP
                + "/24\n  }\n}\n";
    }

    private static String keepalived(String extra, int priority) {
        return "global_defs {\n  router_id ka\n}\nvrrp_instance VI {\n  interface p9\n" + extra
                + "  virtual_router_id 52\n  priority " + priority + "\n  advert_int 1\n  virtual_ipaddress {\n    "
                + VIP + "/24\n  }\n}\n";
    }

    private static void run(NetLab lab, Path dir, String ourExtra, String theirExtra, String advertFlow)
            throws Exception {
        LabNode.assumeKeepalived();
        Netns us = lab.namespace("vrfus");
        Netns peer = lab.namespace("vrfka");
        layout(lab, us, peer, "10.9.0.1/24", "10.9.0.2/24");
        String mac = us.mac("eth9");

        KeepalivedConfigLoader.Result loaded =
                KeepalivedConfigLoader.withBuiltinCheckers().load(ours(ourExtra), "vrf.conf", dir);
        if (ourExtra.contains("vrf blue")) {
            assertTrue(
                    loaded.warnings().stream().anyMatch(w -> w.toString().startsWith("vrf.conf:4:")),
                    "vrf beside interface is reported at its line: " + loaded.warnings());
        }
        Capture wire = new Capture(peer.start("tcpdump", "-e", "-n", "-l", "-i", "p9", "ip proto 112 or arp"));
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        LabNode keepalived = new LabNode(peer, "ka", dir, true);
        boolean open = true;
        try {
            us.run(() -> engine.apply(loaded.config()));
            awaitState(engine, InstanceState.MASTER);

            // the kernel: the VIP on the slave, its local route in the VRF's table, not in "local"
            assertTrue(addresses(us).contains("inet " + VIP + "/24"), addresses(us));
            awaitRoute(us, "local " + VIP + " dev eth9");
            assertFalse(us.execOrThrow("ip", "-4", "route", "show", "table", "local")
                    .stdout()
                    .contains(VIP));

            // the wire: adverts and gratuitous ARPs for the VIP leave through the slave
            wire.await(
                    l -> l.contains(mac + " > ") && l.contains(advertFlow) && l.contains("vrid 52, prio 150"),
                    "our advert from eth9's MAC");
            wire.await(
                    l -> l.contains(mac + " > ")
                            && l.contains("ARP")
                            && l.contains("who-has " + VIP + " ")
                            && l.contains("tell " + VIP + ","),
                    "gratuitous ARP for the VIP from eth9's MAC");

            // keepalived at 200 in its VRF takes over: we hear it through the slave
            keepalived.start(keepalived(theirExtra, 200));
            awaitState(engine, InstanceState.BACKUP);
            awaitRoute(peer, "local " + VIP + " dev p9");
            assertFalse(addresses(us).contains(VIP), addresses(us));
            // its priority 0 at stop brings us back at once
            keepalived.stop();
            awaitState(engine, InstanceState.MASTER);

            // keepalived at 100 stays BACKUP under us, and hears our priority 0 when we stop
            int earlier = keepalived.logText().length();
            keepalived.start(keepalived(theirExtra, 100));
            // (-D logs its socket pool once the sockets are open: from then on it hears us)
            LabNode.waitUntil(Duration.ofSeconds(10), () -> {
                String since = keepalived.logText().substring(earlier);
                return since.contains("(VI) Entering BACKUP STATE") && since.contains("VRRP sockpool:");
            });
            us.run(engine::close);
            open = false;
            String prio0 = "(VI) Backup received priority 0 advertisement";
            LabNode.waitUntil(
                    Duration.ofSeconds(10),
                    () -> keepalived.logText().substring(earlier).contains(prio0));
            awaitRoute(peer, "local " + VIP + " dev p9");
            // it heard our adverts all along: its own timer never ran out before our priority 0
            String log = keepalived.logText().substring(earlier);
            int timeout = log.indexOf("Receive advertisement timeout");
            assertTrue(timeout < 0 || timeout > log.indexOf(prio0), log);
        } finally {
            keepalived.stop();
            if (open) {
                engine.close();
            }
            addresses.close();
            wire.close();
        }
    }

    /**
     * IPv6 (VRRPv3 from the link-local address to ff02::12, unsolicited NAs) in the same layout: the
     * VIP's local route in the VRF's IPv6 table, keepalived preempting us and giving way at stop.
     */
    @Test
    void ipv6InAVrfInteroperatesWithKeepalived(NetLab lab, @TempDir Path dir) throws Exception {
        LabNode.assumeKeepalived();
        Netns us = lab.namespace("vrfus");
        Netns peer = lab.namespace("vrfka");
        layout(lab, us, peer, "2001:db8:9::1/64", "2001:db8:9::2/64");
        String mac = us.mac("eth9");
        String v6 = "global_defs {\n  vrrp_version 3\n  router_id %s\n}\nvrrp_instance V6 {\n  interface %s\n"
                + "  virtual_router_id 61\n  priority %d\n  advert_int 1\n"
                + "  virtual_ipaddress {\n    2001:db8:9::100/64\n  }\n}\n";
        KeepalivedConfigLoader.Result loaded = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(String.format(v6, "us", "eth9", 150), "vrf6.conf", dir);
        Capture wire = new Capture(peer.start("tcpdump", "-e", "-n", "-l", "-i", "p9", "ip6 proto 112 or icmp6"));
        NetlinkAddressManager addresses = us.call(() -> NetlinkAddressManager.open(dir.resolve("state")));
        VrrpEngine engine = us.call(() -> VrrpEngine.builder(addresses).start());
        LabNode keepalived = new LabNode(peer, "ka", dir, true);
        try {
            us.run(() -> engine.apply(loaded.config()));
            awaitState(engine, InstanceState.MASTER);
            LabNode.waitUntil(
                    Duration.ofSeconds(10),
                    () -> us.exec("ip", "-6", "route", "show", "table", "10")
                            .stdout()
                            .contains("local 2001:db8:9::100 dev eth9"));
            wire.await(
                    l -> l.contains(mac + " > ")
                            && l.contains("fe80::")
                            && l.contains("> ff02::12")
                            && l.contains("vrid 61, prio 150"),
                    "our VRRPv3 advert from eth9's link-local address and MAC");
            wire.await(
                    l -> l.contains(mac + " > ")
                            && l.contains("neighbor advertisement")
                            && l.contains("tgt is 2001:db8:9::100"),
                    "an unsolicited NA for the VIP from eth9's MAC");

            keepalived.start(String.format(v6, "ka", "p9", 200));
            awaitState(engine, InstanceState.BACKUP);
            LabNode.waitUntil(
                    Duration.ofSeconds(10),
                    () -> peer.exec("ip", "-6", "route", "show", "table", "10")
                            .stdout()
                            .contains("local 2001:db8:9::100 dev p9"));
            keepalived.stop();
            awaitState(engine, InstanceState.MASTER);
        } finally {
            keepalived.stop();
            engine.close();
            addresses.close();
            wire.close();
        }
    }

    /**
     * eth9 (us) and p9 (peer), the two ends of a veth, each enslaved to a VRF "blue" with table 10,
     * with one address each. IPv6 DAD is off first, so the link-local addresses the enslaving makes
     * anew are usable at once. Skips when the kernel has no VRF.
     */
    private static void layout(NetLab lab, Netns us, Netns peer, String ours, String theirs) {
        lab.vethPair(us, "eth9", peer, "p9");
        assumeTrue(
                us.exec("ip", "link", "add", "blue", "type", "vrf", "table", "10")
                        .ok(),
                "this kernel has no VRF (VrrpInUmlIT runs this test in user-mode-linux)");
        peer.execOrThrow("ip", "link", "add", "blue", "type", "vrf", "table", "10");
        for (Netns ns : List.of(us, peer)) {
            ns.execOrThrow("ip", "link", "set", "blue", "up");
        }
        us.execOrThrow("sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/eth9/accept_dad");
        peer.execOrThrow("sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/p9/accept_dad");
        us.execOrThrow("ip", "link", "set", "eth9", "master", "blue");
        peer.execOrThrow("ip", "link", "set", "p9", "master", "blue");
        NetLab.addAddress(us, "eth9", ours);
        NetLab.addAddress(peer, "p9", theirs);
    }

    private static String addresses(Netns ns) {
        return ns.execOrThrow("ip", "-4", "addr", "show", "dev", ns.name().endsWith("vrfus") ? "eth9" : "p9")
                .stdout();
    }

    private static void awaitRoute(Netns ns, String route) throws InterruptedException {
        LabNode.waitUntil(
                Duration.ofSeconds(10),
                () -> ns.exec("ip", "-4", "route", "show", "table", "10")
                        .stdout()
                        .contains(route));
    }

    private static void awaitState(VrrpEngine engine, InstanceState state) throws InterruptedException {
        LabNode.waitUntil(
                Duration.ofSeconds(10), () -> engine.instances().stream().allMatch(v -> v.state() == state));
    }

    /** tcpdump's lines, read as they come. */
    private static final class Capture implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        Capture(Process process) throws InterruptedException {
            this.process = process;
            Thread reader = new Thread(this::read, "tcpdump-reader");
            reader.setDaemon(true);
            reader.start();
            // tcpdump says "listening on" (stderr, merged by Netns.start) once its socket is open
            LabNode.waitUntil(Duration.ofSeconds(10), () -> lines.stream().anyMatch(l -> l.startsWith("listening on")));
        }

        private void read() {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
                // the stream is closed with the capture at the end of the test
            }
        }

        void await(Predicate<String> line, String what) throws InterruptedException {
            try {
                LabNode.waitUntil(Duration.ofSeconds(10), () -> lines.stream().anyMatch(line));
            } catch (AssertionError e) {
                throw new AssertionError("tcpdump on p9 saw no " + what + ": " + lines, e);
            }
        }

        @Override
        public void close() {
            closed = true;
            process.destroy();
        }
    }
}
