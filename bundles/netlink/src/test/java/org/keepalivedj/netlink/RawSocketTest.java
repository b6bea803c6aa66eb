package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

@RequiresRoot
@ExtendWith(NetLabExtension.class)
class RawSocketTest {

    /** A VRRPv2 advertisement: VRID 51, priority 100, 1 address 10.50.0.100, interval 1 s. */
    private static final byte[] ADVERT = HexFormat.of().parseHex("21336401000100000a320064" + "0000000000000000");

    @Test
    void vrrpOverIpv4CrossesTheBridgeWithTtl255(NetLab lab) throws Exception {
        Netns a = lab.node("a", "10.50.0.1/24");
        Netns b = lab.node("b", "10.50.0.2/24");
        try (VrrpSocket sender = NetworkNamespace.call(a.name(), () -> VrrpSocket.openIpv4("eth0"));
                VrrpSocket receiver = NetworkNamespace.call(b.name(), () -> VrrpSocket.openIpv4("eth0"))) {
            receiver.joinGroup(VrrpSocket.GROUP_V4);
            sender.joinGroup(VrrpSocket.GROUP_V4);
            sender.send(ADVERT, VrrpSocket.GROUP_V4);

            ReceivedPacket p = receiver.receive(Duration.ofSeconds(2));
            assertNotNull(p, "advertisement received in the other namespace");
            assertArrayEquals(ADVERT, p.payload());
            assertEquals(255, p.ttl());
            assertEquals(InetAddress.getByName("10.50.0.1"), p.source());
            assertEquals(VrrpSocket.GROUP_V4, p.destination());
            assertEquals(receiver.interfaceIndex(), p.interfaceIndex());
            int bIndex = NetworkNamespace.call(b.name(), () -> {
                try (RtNetlink r = RtNetlink.open()) {
                    return r.indexOf("eth0");
                }
            });
            assertEquals(bIndex, p.interfaceIndex());
            assertNull(sender.receive(Duration.ofMillis(200)), "multicast loop is off: no copy to the sender");

            // Unicast to a peer works the same way, still with TTL 255.
            sender.send(ADVERT, InetAddress.getByName("10.50.0.2"));
            ReceivedPacket unicast = receiver.receive(Duration.ofSeconds(2));
            assertNotNull(unicast);
            assertEquals(255, unicast.ttl());
            assertEquals(InetAddress.getByName("10.50.0.2"), unicast.destination());
        }
    }

    @Test
    void arrivalTimeIsWhenTheKernelGotThePacketNotWhenItWasRead(NetLab lab) throws Exception {
        Netns a = lab.node("a", "10.51.0.1/24");
        Netns b = lab.node("b", "10.51.0.2/24");
        try (VrrpSocket sender = NetworkNamespace.call(a.name(), () -> VrrpSocket.openIpv4("eth0"));
                VrrpSocket receiver = NetworkNamespace.call(b.name(), () -> VrrpSocket.openIpv4("eth0"))) {
            assertArrivalStamped(sender, receiver, ADVERT, InetAddress.getByName("10.51.0.2"));
        }
    }

    @Test
    void arrivalTimeOverIpv6IsTheKernels(NetLab lab) throws Exception {
        Netns a = lab.node("a", "fd51::1/64");
        Netns b = lab.node("b", "fd51::2/64");
        byte[] v3 = HexFormat.of().parseHex("3133640100640000" + "fd510000000000000000000000000100");
        try (VrrpSocket sender = NetworkNamespace.call(a.name(), () -> VrrpSocket.openIpv6("eth0"));
                VrrpSocket receiver = NetworkNamespace.call(b.name(), () -> VrrpSocket.openIpv6("eth0"))) {
            receiver.joinGroup(VrrpSocket.GROUP_V6);
            assertArrivalStamped(sender, receiver, v3, VrrpSocket.GROUP_V6);
        }
    }

    /** The packet waits 300 ms in the socket: its arrival time must be when it came, not when it was read. */
    private static void assertArrivalStamped(VrrpSocket sender, VrrpSocket receiver, byte[] packet, InetAddress to)
            throws Exception {
        // first one packet through, so the path is ready (links up, neighbour resolved): no delay but the socket's
        ReceivedPacket first = null;
        for (int i = 0; i < 20 && first == null; i++) {
            sender.send(packet, to);
            first = receiver.receive(Duration.ofMillis(500));
        }
        assertNotNull(first, "nothing crossed the bridge");
        while (receiver.receive(Duration.ofMillis(300)) != null) {
            // late copies of the warm-up packets
        }
        long beforeSend = System.nanoTime();
        sender.send(packet, to);
        Thread.sleep(300);
        long beforeRead = System.nanoTime();
        ReceivedPacket p = receiver.receive(Duration.ofSeconds(2));
        assertNotNull(p);
        // 1 ms of slack for moving the wall-clock stamp onto the monotonic clock
        assertTrue(p.arrivalNanos() >= beforeSend - 1_000_000L, "arrived before it was sent");
        assertTrue(
                p.arrivalNanos() < beforeRead - 200_000_000L,
                "arrival only " + (beforeRead - p.arrivalNanos()) / 1_000_000 + " ms before the read");
    }

    @Test
    void vrrpOverIpv6CarriesHopLimitAndPacketInfo(NetLab lab) throws Exception {
        Netns a = lab.node("a", "fd50::1/64");
        Netns b = lab.node("b", "fd50::2/64");
        byte[] v3 = HexFormat.of().parseHex("3133640100640000" + "fd500000000000000000000000000100");
        try (VrrpSocket sender = NetworkNamespace.call(a.name(), () -> VrrpSocket.openIpv6("eth0"));
                VrrpSocket receiver = NetworkNamespace.call(b.name(), () -> VrrpSocket.openIpv6("eth0"))) {
            receiver.joinGroup(VrrpSocket.GROUP_V6);
            sender.send(v3, VrrpSocket.GROUP_V6);
            ReceivedPacket p = receiver.receive(Duration.ofSeconds(2));
            assertNotNull(p, "IPv6 advertisement received");
            assertEquals(255, p.ttl());
            assertEquals(VrrpSocket.GROUP_V6, p.destination());
            assertEquals(receiver.interfaceIndex(), p.interfaceIndex());
            assertTrue(p.source().isLinkLocalAddress(), "sent from the link-local address: " + p.source());
            // The kernel filled in the checksum at offset 6; the rest is ours.
            assertArrayEquals(Arrays.copyOfRange(v3, 0, 6), Arrays.copyOfRange(p.payload(), 0, 6));
            assertArrayEquals(Arrays.copyOfRange(v3, 8, v3.length), Arrays.copyOfRange(p.payload(), 8, v3.length));
            assertTrue(p.payload()[6] != 0 || p.payload()[7] != 0, "checksum filled in");
        }
    }

    @Test
    void aReceiveWithoutTimeoutGetsPacketsAndEndsWhenWoken(NetLab lab) throws Exception {
        Netns a = lab.node("a", "10.50.0.1/24", "fd50::1/64");
        Netns b = lab.node("b", "10.50.0.2/24", "fd50::2/64");
        byte[] v3 = HexFormat.of().parseHex("3133640100640000" + "fd500000000000000000000000000100");
        for (boolean v6 : new boolean[] {false, true}) {
            java.util.concurrent.Callable<VrrpSocket> open =
                    () -> v6 ? VrrpSocket.openIpv6("eth0") : VrrpSocket.openIpv4("eth0");
            InetAddress group = v6 ? VrrpSocket.GROUP_V6 : VrrpSocket.GROUP_V4;
            try (VrrpSocket sender = NetworkNamespace.call(a.name(), open);
                    VrrpSocket receiver = NetworkNamespace.call(b.name(), open)) {
                receiver.joinGroup(group);
                java.util.concurrent.BlockingQueue<Object> got = new java.util.concurrent.LinkedBlockingQueue<>();
                Thread reader = new Thread(() -> {
                    for (ReceivedPacket p; (p = receiver.receive()) != null; ) {
                        got.add(p);
                    }
                    got.add("woken");
                });
                reader.start();
                sender.send(v6 ? v3 : ADVERT, group);
                Object first = got.poll(2, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(first instanceof ReceivedPacket, (v6 ? "IPv6" : "IPv4") + " packet received: " + first);
                assertArrayEquals(
                        Arrays.copyOfRange(v6 ? v3 : ADVERT, 0, 6),
                        Arrays.copyOfRange(((ReceivedPacket) first).payload(), 0, 6));
                long woken = System.nanoTime();
                receiver.wakeReceiver();
                assertEquals("woken", got.poll(2, java.util.concurrent.TimeUnit.SECONDS), "the receive ended");
                assertTrue(System.nanoTime() - woken < 500_000_000L, "woken at once, not after a timeout");
                reader.join(2000);
                assertNull(receiver.receive(), "a receive after the wake-up returns at once");
            }
        }
    }

    @Test
    void gratuitousArpIsCapturedByTheNeighbour(NetLab lab) throws Exception {
        Netns a = lab.node("a", "10.50.0.1/24");
        Netns b = lab.node("b", "10.50.0.2/24");
        byte[] mac = NetworkNamespace.call(a.name(), () -> {
            try (RtNetlink r = RtNetlink.open()) {
                return r.link("eth0").mac();
            }
        });
        Inet4Address vip = (Inet4Address) InetAddress.getByName("10.50.0.100");
        try (PacketSocket capture =
                        NetworkNamespace.call(b.name(), () -> PacketSocket.open("eth0", PacketSocket.ETH_P_ARP));
                PacketSocket sender =
                        NetworkNamespace.call(a.name(), () -> PacketSocket.open("eth0", PacketSocket.ETH_P_ARP))) {
            sender.send(Frames.gratuitousArp(mac, vip));
            byte[] frame = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (frame == null && System.nanoTime() < deadline) {
                byte[] f = capture.receive(Duration.ofMillis(200));
                if (f != null && f.length >= 42 && Arrays.equals(Arrays.copyOfRange(f, 28, 32), vip.getAddress())) {
                    frame = f;
                }
            }
            assertNotNull(frame, "gratuitous ARP captured in the neighbour namespace");
            assertArrayEquals(mac, Arrays.copyOfRange(frame, 6, 12), "Ethernet source");
            assertEquals(1, ByteBuffer.wrap(frame).getShort(20), "ARP request");
            assertArrayEquals(mac, Arrays.copyOfRange(frame, 22, 28), "sender hardware address");
            assertArrayEquals(vip.getAddress(), Arrays.copyOfRange(frame, 38, 42), "target protocol address");
        }
    }

    @Test
    void unsolicitedNeighbourAdvertisementIsCapturedByTheNeighbour(NetLab lab) throws Exception {
        Netns a = lab.node("a", "fd50::1/64");
        Netns b = lab.node("b", "fd50::2/64");
        byte[] mac = NetworkNamespace.call(a.name(), () -> {
            try (RtNetlink r = RtNetlink.open()) {
                return r.link("eth0").mac();
            }
        });
        Inet6Address vip = (Inet6Address) InetAddress.getByName("fd50::100");
        Inet6Address source = (Inet6Address) InetAddress.getByName("fd50::1");
        try (PacketSocket capture =
                        NetworkNamespace.call(b.name(), () -> PacketSocket.open("eth0", PacketSocket.ETH_P_IPV6));
                PacketSocket sender =
                        NetworkNamespace.call(a.name(), () -> PacketSocket.open("eth0", PacketSocket.ETH_P_IPV6))) {
            sender.send(Frames.unsolicitedNeighbourAdvertisement(mac, source, vip, false));
            byte[] frame = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (frame == null && System.nanoTime() < deadline) {
                byte[] f = capture.receive(Duration.ofMillis(200));
                if (f != null
                        && f.length >= 86
                        && (f[20] & 0xff) == 58
                        && (f[54] & 0xff) == 136
                        && Arrays.equals(Arrays.copyOfRange(f, 62, 78), vip.getAddress())) {
                    frame = f;
                }
            }
            assertNotNull(frame, "neighbour advertisement captured");
            assertArrayEquals(mac, Arrays.copyOfRange(frame, 6, 12));
            assertEquals(255, frame[21] & 0xff, "hop limit");
            assertArrayEquals(mac, Arrays.copyOfRange(frame, 80, 86), "target link-layer address option");
        }
        // The neighbour's kernel accepted it (valid checksum): it now has a neighbour entry... only if it had one
        // before,
        // so instead check that b's kernel counted no ICMPv6 checksum error.
        String snmp = b.execOrThrow("cat", "/proc/net/snmp6").stdout();
        assertTrue(snmp.matches("(?s).*Icmp6InCsumErrors\\s+0\\b.*"), snmp);
    }
}
