package org.keepalivedj.ipvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceStatistics.Counters;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.ipvs.ConnectionTimeouts;
import org.keepalivedj.netlink.NetlinkConstants;
import org.keepalivedj.netlink.NetlinkMessage;

/**
 * Requests against bytes laid out by hand from linux/ip_vs.h (little-endian host), and answers
 * decoded from such bytes.
 */
class IpvsMessagesTest {

    private static final int FAMILY = 0x22;
    private static final int FLAGS = NetlinkConstants.NLM_F_REQUEST | NetlinkConstants.NLM_F_ACK;
    private final IpvsMessages messages = new IpvsMessages(FAMILY);

    @BeforeAll
    static void littleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "byte vectors are for a little-endian host");
    }

    private static final String TCP_SERVICE_KEY = "0600 0100 0200 0000" // AF_INET
            + "0600 0200 0600 0000" // protocol TCP
            + "1400 0300 c0000201 00000000 00000000 00000000" // 192.0.2.1 in nf_inet_addr
            + "0600 0400 0050 0000"; // port 80, network order

    @Test
    void newServiceWithEveryRequiredAttribute() throws Exception {
        KernelService s = new KernelService(
                ServiceKey.of(InetAddress.getByName("192.0.2.1"), 80, Protocol.TCP), "rr", 0, 0, -1, null);
        byte[] expected = Hex.bytes(
                "68000000 2200 0500 01000000 00000000" // nlmsghdr: 104 bytes
                        + "01 01 0000" // NEW_SERVICE, version 1
                        + "5400 0180" + TCP_SERVICE_KEY // nested SERVICE, 84 bytes
                        + "0700 0600 727200 00" // scheduler "rr"
                        + "0c00 0700 00000000 ffffffff" // flags 0, mask all
                        + "0800 0800 00000000" // timeout 0
                        + "0800 0900 ffffffff"); // netmask 255.255.255.255
        assertEquals(Hex.of(expected), Hex.of(messages.newService(s).build(1, 0, FLAGS)));
    }

    @Test
    void persistentIpv6ServiceCarriesPrefixLengthInHostOrder() throws Exception {
        KernelService s = new KernelService(
                ServiceKey.of(InetAddress.getByName("2001:db8::1"), 443, Protocol.UDP),
                "sh",
                Ipvs.SVC_F_PERSISTENT | Ipvs.SVC_F_SCHED1 | Ipvs.SVC_F_SCHED2,
                300,
                64,
                null);
        byte[] expected = Hex.bytes("68000000 2200 0500 02000000 00000000"
                + "02 01 0000" // SET_SERVICE
                + "5400 0180"
                + "0600 0100 0a00 0000" // AF_INET6
                + "0600 0200 1100 0000" // UDP
                + "1400 0300 20010db8 00000000 00000000 00000001"
                + "0600 0400 01bb 0000" // 443
                + "0700 0600 736800 00" // "sh"
                + "0c00 0700 19000000 ffffffff" // persistent|sh-fallback|sh-port
                + "0800 0800 2c010000" // 300 s
                + "0800 0900 40000000"); // /64
        assertEquals(Hex.of(expected), Hex.of(messages.setService(s).build(2, 0, FLAGS)));
    }

    @Test
    void deleteFwmarkServiceNamesFamilyAndMarkOnly() {
        byte[] expected = Hex.bytes("28000000 2200 0500 03000000 00000000"
                + "03 01 0000"
                + "1400 0180"
                + "0600 0100 0200 0000"
                + "0800 0500 07000000"); // fwmark 7
        assertEquals(
                Hex.of(expected),
                Hex.of(messages.deleteService(ServiceKey.fwmark(7, Family.INET, Protocol.TCP))
                        .build(3, 0, FLAGS)));
    }

    @Test
    void gueTunnelDestinationCarriesTunnelAttributes() throws Exception {
        ServiceKey key = ServiceKey.of(InetAddress.getByName("192.0.2.1"), 80, Protocol.TCP);
        KernelDestination d = new KernelDestination(
                InetAddress.getByName("10.0.0.2"),
                8080,
                Ipvs.FWD_TUNNEL,
                3,
                100,
                10,
                Ipvs.TUN_GUE,
                6080,
                Ipvs.TUN_F_CSUM);
        byte[] expected = Hex.bytes(
                "a4000000 2200 0500 04000000 00000000" // 164 bytes
                        + "05 01 0000" // NEW_DEST
                        + "3000 0180" + TCP_SERVICE_KEY
                        + "6000 0280" // nested DEST, 96 bytes
                        + "1400 0100 0a000002 00000000 00000000 00000000"
                        + "0600 0200 1f90 0000" // port 8080
                        + "0600 0b00 0200 0000" // address family
                        + "0800 0300 02000000" // tunnel
                        + "0800 0400 03000000" // weight 3
                        + "0800 0500 64000000" // upper threshold 100
                        + "0800 0600 0a000000" // lower threshold 10
                        + "0500 0d00 01 000000" // gue
                        + "0600 0e00 17c0 0000" // tunnel port 6080
                        + "0600 0f00 0100 0000"); // csum
        assertEquals(Hex.of(expected), Hex.of(messages.newDestination(key, d).build(4, 0, FLAGS)));
    }

    @Test
    void timeoutsGoAsThreeTopLevelAttributes() {
        byte[] expected = Hex.bytes("2c000000 2200 0500 05000000 00000000"
                + "0c 01 0000"
                + "0800 0400 84030000" // tcp 900
                + "0800 0500 78000000" // tcpfin 120
                + "0800 0600 2c010000"); // udp 300
        assertEquals(
                Hex.of(expected),
                Hex.of(messages.setTimeouts(new ConnectionTimeouts(900, 120, 300))
                        .build(5, 0, FLAGS)));
    }

    /** A GET_SERVICE answer as the kernel lays it out, with 64-bit statistics. */
    static final String SERVICE_ANSWER = "0000 0000 0000 0000 0000 0000 0000 0000" // header, patched below
            + "01 01 0000"
            + "c400 0180"
            + "0600 0100 0200 0000"
            + "0600 0200 0600 0000"
            + "1400 0300 c0000201 00000000 00000000 00000000"
            + "0600 0400 0050 0000"
            + "0800 0600 776c6300" // "wlc"
            + "0c00 0700 03000000 ffffffff" // persistent | hashed
            + "0800 0800 2c010000" // 300 s
            + "0800 0900 ffffff00" // 255.255.255.0
            + "7000 0c80" // STATS64, 112 bytes
            + "0c00 0100 0500000000000000" // conns 5
            + "0c00 0200 6400000000000000" // in packets 100
            + "0c00 0300 5a00000000000000" // out packets 90
            + "0c00 0400 1027000000000000" // in bytes 10000
            + "0c00 0500 2823000000000000" // out bytes 9000
            + "0c00 0600 0100000000000000" // cps 1
            + "0c00 0700 0200000000000000"
            + "0c00 0800 0300000000000000"
            + "0c00 0900 0400000000000000"; // (no OUTBPS: absent reads 0)

    static NetlinkMessage message(String hex) {
        byte[] b = Hex.bytes(hex);
        java.nio.ByteBuffer.wrap(b)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0, b.length)
                .putShort(4, (short) FAMILY);
        List<NetlinkMessage> m = NetlinkMessage.parseAll(b, b.length).messages();
        assertEquals(1, m.size());
        return m.get(0);
    }

    @Test
    void decodesServiceWithStatistics() throws Exception {
        IpvsMessages.DecodedService d = IpvsMessages.decodeService(message(SERVICE_ANSWER));
        KernelService s = d.service();
        assertEquals(ServiceKey.of(InetAddress.getByName("192.0.2.1"), 80, Protocol.TCP), s.key());
        assertEquals("wlc", s.scheduler());
        assertEquals(Ipvs.SVC_F_PERSISTENT, s.flags(), "the kernel's HASHED bit is dropped");
        assertEquals(300, s.timeoutSeconds());
        assertEquals(0xffffff00, s.netmask());
        assertEquals(new Counters(5, 100, 90, 10000, 9000, 0, 0, 1, 2, 3, 4, 0), d.counters());
    }

    @Test
    void decodesDestinationWithConnections() throws Exception {
        NetlinkMessage m = message("0000 0000 0000 0000 0000 0000 0000 0000"
                + "05 01 0000"
                + "5800 0280"
                + "1400 0100 0a000002 00000000 00000000 00000000"
                + "0600 0200 0050 0000"
                + "0800 0300 00000000" // NAT
                + "0800 0400 02000000" // weight 2
                + "0800 0500 00000000"
                + "0800 0600 00000000"
                + "0800 0700 04000000" // 4 active
                + "0800 0800 01000000" // 1 inactive
                + "0600 0b00 0200 0000");
        IpvsMessages.DecodedDestination d = IpvsMessages.decodeDestination(m, Family.INET);
        assertEquals(
                new KernelDestination(InetAddress.getByName("10.0.0.2"), 80, Ipvs.FWD_MASQ, 2, 0, 0, 0, 0, 0),
                d.destination());
        assertEquals(4, d.counters().activeConnections());
        assertEquals(1, d.counters().inactiveConnections());
    }

    @Test
    void truncatedAnswerIsRefusedNotThrown() {
        // the service nest claims more bytes than it has: decoding gives null, the caller counts it
        String broken = SERVICE_ANSWER.replace("c400 0180", "ff00 0180");
        assertNull(IpvsMessages.decodeService(message(broken)));
        assertNull(IpvsMessages.decodeService(message("0000 0000 0000 0000 0000 0000 0000 0000 01 01 0000")));
    }
}
