package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.KeepalivedPeer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/** Our sockets against independent tools: real keepalived's adverts, tcpdump's view of our GARP. */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class InteropTest {

    private static boolean installed(String program) {
        return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/usr/bin", program));
    }

    @Test
    void receivesRealKeepalivedAdvertisements(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedPeer.assumeInstalled();
        Netns a = lab.node("a", "10.50.0.1/24");
        Netns b = lab.node("b", "10.50.0.2/24");
        String conf = """
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    priority 150
                    advert_int 1
                    virtual_ipaddress {
                        10.50.0.100/24
                    }
                }
                """;
        try (VrrpSocket receiver = NetworkNamespace.call(b.name(), () -> VrrpSocket.openIpv4("eth0"))) {
            receiver.joinGroup(VrrpSocket.GROUP_V4);
            KeepalivedPeer.start(a, dir, "keepalived", conf, "--vrrp");
            ReceivedPacket advert = receiver.receive(Duration.ofSeconds(8));
            assertNotNull(advert, "an advertisement from keepalived within 8 s");
            assertEquals(255, advert.ttl());
            assertEquals(InetAddress.getByName("10.50.0.1"), advert.source());
            assertEquals(VrrpSocket.GROUP_V4, advert.destination());
            assertEquals(receiver.interfaceIndex(), advert.interfaceIndex());
            byte[] p = advert.payload();
            assertEquals(0x21, p[0] & 0xff, "VRRP version 2, type advertisement");
            assertEquals(51, p[1] & 0xff, "virtual router id");
            assertEquals(150, p[2] & 0xff, "priority");
        }
    }

    @Test
    void receivesRealKeepalivedIpv6Advertisements(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedPeer.assumeInstalled();
        Netns a = lab.node("a", "fd50::1/64");
        Netns b = lab.node("b", "fd50::2/64");
        String conf = """
                global_defs {
                    vrrp_version 3
                }
                vrrp_instance VI_6 {
                    state MASTER
                    interface eth0
                    virtual_router_id 61
                    priority 120
                    advert_int 1
                    virtual_ipaddress {
                        fd50::100/64
                    }
                }
                """;
        try (VrrpSocket receiver = NetworkNamespace.call(b.name(), () -> VrrpSocket.openIpv6("eth0"))) {
            receiver.joinGroup(VrrpSocket.GROUP_V6);
            KeepalivedPeer.start(a, dir, "keepalived", conf, "--vrrp");
            // The kernel checks the VRRP checksum (IPV6_CHECKSUM offset 6) before handing it to us.
            ReceivedPacket advert = receiver.receive(Duration.ofSeconds(8));
            assertNotNull(advert, "an IPv6 advertisement from keepalived within 8 s");
            assertEquals(255, advert.ttl());
            assertTrue(advert.source().isLinkLocalAddress(), advert.source().toString());
            assertEquals(VrrpSocket.GROUP_V6, advert.destination());
            assertEquals(receiver.interfaceIndex(), advert.interfaceIndex());
            byte[] p = advert.payload();
            assertEquals(0x31, p[0] & 0xff, "VRRP version 3, type advertisement");
            assertEquals(61, p[1] & 0xff, "virtual router id");
            assertEquals(120, p[2] & 0xff, "priority");
        }
    }

    @Test
    void tcpdumpSeesOurGratuitousArp(NetLab lab) throws Exception {
        assumeTrue(installed("tcpdump"), "skipped: tcpdump is not installed");
        Netns a = lab.node("a", "10.50.0.1/24");
        Netns b = lab.node("b", "10.50.0.2/24");
        byte[] mac = NetworkNamespace.call(a.name(), () -> {
            try (RtNetlink r = RtNetlink.open()) {
                return r.link("eth0").mac();
            }
        });
        Process tcpdump = b.start("tcpdump", "-i", "eth0", "-l", "-nn", "-e", "-c", "1", "arp");
        BufferedReader out =
                new BufferedReader(new InputStreamReader(tcpdump.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> captured = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.contains("ARP")) {
                        return line;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        Inet4Address vip = (Inet4Address) InetAddress.getByName("10.50.0.100");
        try (PacketSocket sender =
                NetworkNamespace.call(a.name(), () -> PacketSocket.open("eth0", PacketSocket.ETH_P_ARP))) {
            // tcpdump needs a moment to attach; resend until it reports a frame.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!captured.isDone() && System.nanoTime() < deadline) {
                sender.send(Frames.gratuitousArp(mac, vip));
                Thread.sleep(100); // pacing of the resends, not a wait for a condition
            }
        }
        String line = captured.get(1, TimeUnit.SECONDS);
        assertNotNull(line, "tcpdump captured an ARP frame");
        assertTrue(line.contains(Macs.format(mac) + " > ff:ff:ff:ff:ff:ff"), line);
        // The same line tcpdump prints for keepalived 2.2.7's own gratuitous ARP (observed here).
        assertTrue(
                line.contains("length 42: Request who-has 10.50.0.100 (ff:ff:ff:ff:ff:ff) tell 10.50.0.100, length 28"),
                line);
    }
}
