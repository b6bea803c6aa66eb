package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/** A shared VRRP socket sends each packet from the source address its instance asks for. */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class VrrpSocketSourceTest {

    private static final byte[] ADVERT = HexFormat.of().parseHex("21336401000100000a320064" + "0000000000000000");

    @Test
    void ipv4PacketsLeaveFromTheChosenSecondaryAddress(NetLab lab) throws Exception {
        Netns a = lab.node("a", "10.51.0.1/24", "10.51.0.11/24");
        Netns b = lab.node("b", "10.51.0.2/24");
        InetAddress secondary = InetAddress.getByName("10.51.0.11");
        try (VrrpSocket sender = NetworkNamespace.call(a.name(), () -> VrrpSocket.openIpv4("eth0"));
                VrrpSocket receiver = NetworkNamespace.call(b.name(), () -> VrrpSocket.openIpv4("eth0"))) {
            receiver.joinGroup(VrrpSocket.GROUP_V4);
            sender.send(ADVERT, VrrpSocket.GROUP_V4, secondary);
            ReceivedPacket multicast = receiver.receive(Duration.ofSeconds(5));
            assertNotNull(multicast, "multicast advert received");
            assertEquals(secondary, multicast.source());
            assertEquals(255, multicast.ttl());
            assertArrayEquals(ADVERT, multicast.payload());

            sender.send(ADVERT, InetAddress.getByName("10.51.0.2"), secondary);
            ReceivedPacket unicast = receiver.receive(Duration.ofSeconds(5));
            assertNotNull(unicast, "unicast advert received");
            assertEquals(secondary, unicast.source());
            assertEquals(InetAddress.getByName("10.51.0.2"), unicast.destination());

            // the primary address is still what a plain send uses
            sender.send(ADVERT, VrrpSocket.GROUP_V4, InetAddress.getByName("10.51.0.1"));
            assertEquals(
                    InetAddress.getByName("10.51.0.1"),
                    receiver.receive(Duration.ofSeconds(5)).source());

            // the warm-up send is refused by the kernel and nothing reaches the wire
            assertTrue(sender.warmUpSend(ADVERT, VrrpSocket.GROUP_V4, secondary));
            assertTrue(sender.warmUpSend(ADVERT, InetAddress.getByName("10.51.0.2"), secondary));
            assertNull(receiver.receive(Duration.ofMillis(500)), "warm-up sent nothing");

            // an address the host does not have is refused by the kernel, not silently replaced
            assertThrows(
                    ErrnoException.class,
                    () -> sender.send(ADVERT, VrrpSocket.GROUP_V4, InetAddress.getByName("10.51.0.99")));
        }
    }

    @Test
    void ipv6PacketsLeaveFromTheChosenGlobalAddress(NetLab lab) throws Exception {
        Netns a = lab.node("a", "fd51::1/64");
        Netns b = lab.node("b", "fd51::2/64");
        byte[] v3 = HexFormat.of().parseHex("3133640100640000" + "fd510000000000000000000000000100");
        InetAddress global = InetAddress.getByName("fd51::1");
        try (VrrpSocket sender = NetworkNamespace.call(a.name(), () -> VrrpSocket.openIpv6("eth0"));
                VrrpSocket receiver = NetworkNamespace.call(b.name(), () -> VrrpSocket.openIpv6("eth0"))) {
            receiver.joinGroup(VrrpSocket.GROUP_V6);
            // a fresh IPv6 address is tentative (DAD) for a moment: retry until the kernel takes it
            ReceivedPacket p = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (p == null && System.nanoTime() < deadline) {
                try {
                    sender.send(v3, VrrpSocket.GROUP_V6, global);
                    p = receiver.receive(Duration.ofSeconds(1));
                } catch (ErrnoException e) {
                    Thread.sleep(100);
                }
            }
            assertNotNull(p, "IPv6 advert received");
            assertTrue(sender.warmUpSend(v3, VrrpSocket.GROUP_V6, global));
            assertNull(receiver.receive(Duration.ofMillis(500)), "warm-up sent nothing");
            assertEquals(global, p.source());
            assertEquals(255, p.ttl());
        }
    }
}
