package org.keepalivedj.check.ping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Echo request bytes and reply parsing, without sockets. */
class EchoPacketTest {

    @Test
    void anIpv4RequestCarriesItsIdsAndAChecksumThatVerifies() {
        byte[] p = EchoPacket.request(false, 0xbeef, 0x0102);
        assertEquals(8, p[0]);
        assertEquals((byte) 0xbe, p[4]);
        assertEquals((byte) 0x02, p[7]);
        assertEquals(0, EchoPacket.checksum(p, 0, p.length), "a correct checksum sums to zero");
    }

    @Test
    void anIpv6RequestLeavesTheChecksumToTheKernel() {
        byte[] p = EchoPacket.request(true, 1, 2);
        assertEquals((byte) 128, p[0]);
        assertEquals(0, p[2]);
        assertEquals(0, p[3]);
    }

    @Test
    void repliesAreReadAfterTheIpv4HeaderAndOthersAreNotReplies() {
        byte[] reply = new byte[20 + 8];
        reply[0] = 0x45; // IPv4, 20-byte header
        reply[20] = 0; // echo reply
        reply[24] = 0x12;
        reply[25] = 0x34;
        reply[27] = 7;
        assertEquals(new EchoPacket.Reply(0x1234, 7), EchoPacket.parse(false, reply, reply.length));
        reply[20] = 3; // destination unreachable
        assertNull(EchoPacket.parse(false, reply, reply.length));
        assertNull(EchoPacket.parse(false, reply, 10), "truncated");
        byte[] v6 = {(byte) 129, 0, 0, 0, 0, 9, 0, 3};
        assertEquals(new EchoPacket.Reply(9, 3), EchoPacket.parse(true, v6, v6.length));
        v6[0] = (byte) 128; // a request, not a reply
        assertNull(EchoPacket.parse(true, v6, v6.length));
    }
}
