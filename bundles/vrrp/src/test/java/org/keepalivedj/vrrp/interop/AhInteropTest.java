package org.keepalivedj.vrrp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.api.model.IpAddresses;
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
import org.keepalivedj.vrrp.IpsecAh;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * auth_type AH against real keepalived 2.2.7 on one bridge: our engine (in this JVM, so its counters
 * can be read) and keepalived elect each other both ways, multicast and unicast, and take over when
 * the master goes; a third node's raw AH socket sees our protocol 51 adverts and verifies them. With
 * another auth_pass each side refuses the other's adverts: both become MASTER, and our
 * authentication failure counter and keepalived's log show why.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class AhInteropTest {

    private static final String VIP = "192.0.2.100";
    private Path dir;
    private LabNode ka;
    private Node us;

    /** Our engine in a namespace. */
    private record Node(Netns ns, NetlinkAddressManager addresses, VrrpEngine engine) {
        VrrpInstanceView view() {
            return engine.instances().iterator().next();
        }

        void close() {
            engine.close();
            addresses.removeAll();
            addresses.close();
        }
    }

    @BeforeEach
    void assumeKeepalived() throws Exception {
        LabNode.assumeKeepalived();
        dir = Files.createTempDirectory("vrrp-ah");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (us != null) {
            us.close();
        }
        if (ka != null) {
            ka.kill();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static String conf(int priority, String pass, String extra) {
        return KeepalivedInteropTest.conf(
                2, priority, "1", "  authentication {\n    auth_type AH\n    auth_pass " + pass + "\n  }\n" + extra);
    }

    private Node start(Netns ns, String conf) throws Exception {
        Path file = dir.resolve("us.conf");
        Files.writeString(file, conf);
        KeepalivedConfig config =
                KeepalivedConfigLoader.withBuiltinCheckers().load(file).config();
        NetlinkAddressManager addresses = ns.call(() -> NetlinkAddressManager.open(dir.resolve("us-data")));
        VrrpEngine engine = ns.call(() -> VrrpEngine.builder(addresses).start());
        ns.run(() -> engine.apply(config));
        return new Node(ns, addresses, engine);
    }

    private static boolean holds(Netns ns) {
        return ns.exec("ip", "-o", "addr", "show", "dev", "eth0").stdout().contains(" " + VIP + "/");
    }

    private String logs() {
        return ka.logText() + "\n---- ours: " + us.view().counters();
    }

    @Test
    void multicastElectionBothWaysAndOurAdvertsVerifyOnTheWire(NetLab lab) throws Exception {
        Netns nsUs = lab.node("us", "192.0.2.1/24");
        ka = new LabNode(lab.node("ka", "192.0.2.2/24"), "ka", dir, true);
        Netns nsTx = lab.node("tx", "192.0.2.3/24");
        VrrpSocket sniffer = nsTx.call(() -> VrrpSocket.openIpv4Ah("eth0"));
        sniffer.joinGroup(VrrpSocket.GROUP_V4);
        try {
            us = start(nsUs, conf(150, "secret", ""));
            ka.start(conf(100, "secret", ""));
            LabNode.waitUntil(Duration.ofSeconds(10), () -> us.view().state() == InstanceState.MASTER);
            LabNode.waitUntil(Duration.ofSeconds(10), () -> ka.logText().contains("(VI_1) Entering BACKUP STATE"));
            // keepalived takes our adverts: it stays BACKUP past its Master_Down_Interval, refusing none
            Thread.sleep(4000);
            assertTrue(holds(nsUs) && !holds(ka.ns), this::logs);
            assertFalse(ka.logText().contains("IPSEC"), this::logs);

            // on the wire: protocol 51, SPI our address, ICV verifying with auth_pass, rising sequence
            ReceivedPacket first = fromUs(sniffer);
            ReceivedPacket second = fromUs(sniffer);
            assertEquals(IpsecAh.PROTOCOL, first.ipHeader()[9]);
            assertEquals(IpsecAh.spiOf(first.source()), IpsecAh.spi(first.payload()));
            assertTrue(IpsecAh.verify(first.ipHeader(), first.payload(), IpsecAh.key("secret"), false));
            assertTrue(IpsecAh.sequence(second.payload()) > IpsecAh.sequence(first.payload()));

            // our graceful stop (priority 0): keepalived takes over
            us.close();
            LabNode.waitUntil(Duration.ofSeconds(5), () -> holds(ka.ns));
            // we come back lower: keepalived's adverts are taken, we stay BACKUP
            us = start(nsUs, conf(50, "secret", ""));
            LabNode.waitUntil(
                    Duration.ofSeconds(10),
                    () -> us.view().state() == InstanceState.BACKUP
                            && us.view().counters().get("advertisementsReceived") >= 3);
            assertEquals(0L, us.view().counters().get("authFailures"), this::logs);
            assertTrue(holds(ka.ns) && !holds(nsUs), this::logs);
            // keepalived dies: we take over after Master_Down_Interval
            ka.kill();
            LabNode.waitUntil(Duration.ofSeconds(6), () -> holds(nsUs));
            ka.ns.exec("ip", "addr", "del", VIP + "/24", "dev", "eth0");

            // and keepalived, started again (its sequence from 1), learns ours and preempts
            us.close();
            us = start(nsUs, conf(50, "secret", ""));
            LabNode.waitUntil(Duration.ofSeconds(10), () -> us.view().state() == InstanceState.MASTER);
            ka.start(conf(100, "secret", ""));
            LabNode.waitUntil(Duration.ofSeconds(10), () -> holds(ka.ns) && !holds(nsUs));
            assertEquals(InstanceState.BACKUP, us.view().state());
        } finally {
            sniffer.close();
        }
    }

    @Test
    void unicastElectionBothWays(NetLab lab) throws Exception {
        Netns nsUs = lab.node("us", "192.0.2.1/24");
        ka = new LabNode(lab.node("ka", "192.0.2.2/24"), "ka", dir, true);
        ka.start(conf(150, "secret", KeepalivedInteropTest.unicast(2, 1)));
        us = start(nsUs, conf(100, "secret", KeepalivedInteropTest.unicast(1, 2)));
        LabNode.waitUntil(
                Duration.ofSeconds(10),
                () -> us.view().state() == InstanceState.BACKUP
                        && us.view().counters().get("advertisementsReceived") >= 3);
        assertTrue(holds(ka.ns) && !holds(nsUs), this::logs);
        assertEquals(0L, us.view().counters().get("authFailures"), this::logs);
        ka.stop();
        LabNode.waitUntil(Duration.ofSeconds(5), () -> holds(nsUs));
        ka.start(conf(50, "secret", KeepalivedInteropTest.unicast(2, 1)));
        LabNode.waitUntil(Duration.ofSeconds(10), () -> ka.logText().contains("(VI_1) Entering BACKUP STATE"));
        Thread.sleep(4000); // past keepalived's Master_Down_Interval: it takes our unicast adverts
        assertTrue(holds(nsUs) && !holds(ka.ns), this::logs);
        assertFalse(ka.logText().contains("IPSEC"), this::logs);
    }

    @Test
    void anotherAuthPassIsRefusedBothWays(NetLab lab) throws Exception {
        Netns nsUs = lab.node("us", "192.0.2.1/24");
        ka = new LabNode(lab.node("ka", "192.0.2.2/24"), "ka", dir, true);
        ka.start(conf(150, "secret", ""));
        us = start(nsUs, conf(100, "another", ""));
        // neither takes the other's adverts: both end up MASTER (what a wrong key gives)
        LabNode.waitUntil(Duration.ofSeconds(10), () -> holds(nsUs) && holds(ka.ns));
        LabNode.waitUntil(
                Duration.ofSeconds(10),
                () -> us.view().counters().get("authFailures") >= 3
                        && ka.logText().contains("IPSEC-AH : invalid IPSEC HMAC-MD5 value"));
        assertEquals(0L, us.view().counters().get("advertisementsReceived"), this::logs);
    }

    private static ReceivedPacket fromUs(VrrpSocket sniffer) {
        InetAddress us = IpAddresses.parse("192.0.2.1");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            ReceivedPacket p = sniffer.receive(Duration.ofMillis(500));
            if (p != null && p.source().equals(us)) {
                return p;
            }
        }
        throw new AssertionError("no AH advert from " + us);
    }
}
