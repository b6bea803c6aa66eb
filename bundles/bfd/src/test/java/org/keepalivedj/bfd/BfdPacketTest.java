package org.keepalivedj.bfd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The codec against packets FRR bfdd 8.4.4 sent (frr-8.4.4-packets.txt), and the discard rules. */
class BfdPacketTest {

    static Map<String, byte[]> frrPackets() throws Exception {
        Map<String, byte[]> packets = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                BfdPacketTest.class.getResourceAsStream("frr-8.4.4-packets.txt"), StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.trim().split("\\s+");
                    packets.put(f[0], HexFormat.of().parseHex(f[1]));
                }
            }
        }
        return packets;
    }

    @Test
    void decodesFrrHandshakeAndPollSequence() throws Exception {
        Map<String, byte[]> frr = frrPackets();
        BfdPacket down = BfdPacket.decode(frr.get("v4-down"));
        assertEquals(BfdState.DOWN, down.state());
        assertEquals(3, down.detectMultiplier());
        assertEquals(0x82bdc2d5, down.myDiscriminator());
        assertEquals(0, down.yourDiscriminator());
        // FRR advertises 1 s while the session is not Up (RFC 5880 section 6.8.3)
        assertEquals(1_000_000, down.desiredMinTxMicros());
        assertEquals(1_000_000, down.requiredMinRxMicros());
        assertEquals(50_000, down.requiredMinEchoRxMicros());

        BfdPacket init = BfdPacket.decode(frr.get("v4-init"));
        assertEquals(BfdState.INIT, init.state());
        assertEquals(0x82bdc2d5, init.yourDiscriminator());

        BfdPacket poll = BfdPacket.decode(frr.get("v4-up-poll"));
        assertEquals(BfdState.UP, poll.state());
        assertTrue(poll.poll());
        assertFalse(poll.fin());
        assertEquals(50_000, poll.desiredMinTxMicros());
        assertEquals(50_000, poll.requiredMinRxMicros());

        BfdPacket fin = BfdPacket.decode(frr.get("v4-up-final"));
        assertTrue(fin.fin());
        assertFalse(fin.poll());
        assertEquals(Diagnostic.NONE, fin.diagnostic());

        assertEquals(BfdState.UP, BfdPacket.decode(frr.get("v6-up")).state());
    }

    @Test
    void encodesFrrPacketsByteForByteExceptEcho() throws Exception {
        // We send Required Min Echo RX 0 (no echo function); with FRR's 50 ms there it is the same packet.
        for (Map.Entry<String, byte[]> e : frrPackets().entrySet()) {
            BfdPacket p = BfdPacket.decode(e.getValue());
            BfdPacket ours = BfdPacket.of(
                    p.diagnostic(),
                    p.state(),
                    p.poll(),
                    p.fin(),
                    p.detectMultiplier(),
                    p.myDiscriminator(),
                    p.yourDiscriminator(),
                    p.desiredMinTxMicros(),
                    p.requiredMinRxMicros());
            byte[] expected = e.getValue().clone();
            expected[20] = expected[21] = expected[22] = expected[23] = 0;
            assertArrayEquals(expected, ours.encode(), e.getKey());
        }
    }

    @Test
    void discardsWhatRfc5880Section686Discards() throws Exception {
        byte[] up = frrPackets().get("v4-up");
        assertThrows(MalformedBfdPacketException.class, () -> BfdPacket.decode(java.util.Arrays.copyOf(up, 23)));
        assertRejected(up, 0, (byte) 0x40, "version");
        assertRejected(up, 2, (byte) 0, "Detect Mult 0");
        assertRejected(up, 3, (byte) 30, "length field");
        assertRejected(up, 1, (byte) 0xc1, "Multipoint");
        byte[] authenticated = java.util.Arrays.copyOf(up, 26);
        authenticated[3] = 26;
        assertRejected(authenticated, 1, (byte) 0xc4, "authenticated");
        byte[] noMy = up.clone();
        noMy[4] = noMy[5] = noMy[6] = noMy[7] = 0;
        assertThrows(MalformedBfdPacketException.class, () -> BfdPacket.decode(noMy));
        byte[] upWithoutYour = up.clone();
        upWithoutYour[8] = upWithoutYour[9] = upWithoutYour[10] = upWithoutYour[11] = 0;
        MalformedBfdPacketException ex =
                assertThrows(MalformedBfdPacketException.class, () -> BfdPacket.decode(upWithoutYour));
        assertTrue(ex.getMessage().contains("Your Discriminator 0"), ex.getMessage());
    }

    private static void assertRejected(byte[] packet, int index, byte value, String reason) {
        byte[] broken = packet.clone();
        broken[index] = value;
        MalformedBfdPacketException ex =
                assertThrows(MalformedBfdPacketException.class, () -> BfdPacket.decode(broken));
        assertTrue(ex.getMessage().contains(reason), ex.getMessage());
    }
}
