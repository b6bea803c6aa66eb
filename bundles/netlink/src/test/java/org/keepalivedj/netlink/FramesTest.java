package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FramesTest {

    private static final byte[] MAC = HexFormat.of().parseHex("020000000001");

    /** Laid out as keepalived 2.2.7's gratuitous ARP, captured with tcpdump in a namespace. */
    @Test
    void gratuitousArpBytes() throws Exception {
        byte[] frame = Frames.gratuitousArp(MAC, (Inet4Address) InetAddress.getByName("192.0.2.10"));
        String expected = "ffffffffffff" + "020000000001" + "0806" // Ethernet: broadcast, from us, ARP
                + "0001" + "0800" + "06" + "04" + "0001" // Ethernet/IPv4, request
                + "020000000001" + "c000020a" // sender: our MAC and the address
                + "ffffffffffff" + "c000020a"; // target: the same address
        assertEquals(expected, HexFormat.of().formatHex(frame));
    }

    @Test
    void neighbourAdvertisementLayoutAndChecksum() throws Exception {
        Inet6Address source = (Inet6Address) InetAddress.getByName("fe80::1");
        Inet6Address target = (Inet6Address) InetAddress.getByName("2001:db8::10");
        byte[] f = Frames.unsolicitedNeighbourAdvertisement(MAC, source, target, false);
        assertEquals(86, f.length);
        String hex = HexFormat.of().formatHex(f);
        assertEquals("333300000001" + "020000000001" + "86dd", hex.substring(0, 28));
        assertEquals(
                "60000000" + "0020" + "3a" + "ff", hex.substring(28, 44), "IPv6: 32 bytes of ICMPv6, hop limit 255");
        assertEquals("ff020000000000000000000000000001", hex.substring(76, 108), "to all nodes");
        assertEquals("88", hex.substring(108, 110), "type 136");
        assertEquals("20000000", hex.substring(116, 124), "override flag only");
        assertArrayEquals(target.getAddress(), java.util.Arrays.copyOfRange(f, 62, 78));
        assertEquals("0201" + "020000000001", hex.substring(156), "target link-layer address option");
        // A correct checksum makes the sum over pseudo-header and message come out as zero.
        assertEquals(
                0,
                Frames.icmpv6Checksum(
                        source.getAddress(), HexFormat.of().parseHex("ff020000000000000000000000000001"), f, 54, 32));
        // The same value as an independent implementation (a few lines of Python over RFC 4443's
        // pseudo-header) gives for this frame.
        assertEquals("2854", hex.substring(112, 116));
    }

    @Test
    void malformedIpv4IsRejected() {
        assertNull(VrrpSocket.decodeIpv4(new byte[10], 1), "too short");
        byte[] v6 = new byte[40];
        v6[0] = 0x60;
        assertNull(VrrpSocket.decodeIpv4(v6, 1), "not IPv4");
        byte[] badLength = HexFormat.of().parseHex("45000064000000000170000001020304e0000012");
        assertNull(VrrpSocket.decodeIpv4(badLength, 1), "total length beyond the datagram");
        byte[] good = HexFormat.of().parseHex("45000018000000000170000001020304e0000012" + "21336401");
        ReceivedPacket p = VrrpSocket.decodeIpv4(good, 3);
        assertEquals(1, p.ttl());
        assertEquals("1.2.3.4", p.source().getHostAddress());
        assertEquals("224.0.0.18", p.destination().getHostAddress());
        assertArrayEquals(HexFormat.of().parseHex("21336401"), p.payload());
    }
}
