package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adverts keepalived 2.4.3 signed with auth_hmac (resources hmac/golden-hmac.txt, captured by
 * hmac/capture.sh): our signer gives the same bytes from the same fields, our verifier accepts them,
 * and refuses them once any byte or the sender changes.
 */
class HmacTrailerGoldenTest {

    record Golden(String name, byte[] ipPacket, byte[] key, int keyId) {
        boolean ipv6() {
            return (ipPacket[0] & 0xf0) == 0x60;
        }

        InetAddress source() throws Exception {
            return InetAddress.getByAddress(
                    ipv6() ? Arrays.copyOfRange(ipPacket, 8, 24) : Arrays.copyOfRange(ipPacket, 12, 16));
        }

        InetAddress destination() throws Exception {
            return InetAddress.getByAddress(
                    ipv6() ? Arrays.copyOfRange(ipPacket, 24, 40) : Arrays.copyOfRange(ipPacket, 16, 20));
        }

        byte[] payload() {
            int header = ipv6() ? 40 : (ipPacket[0] & 0x0f) * 4;
            return Arrays.copyOfRange(ipPacket, header, ipPacket.length);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Golden> goldens() throws IOException {
        List<Golden> out = new ArrayList<>();
        String section = null;
        byte[] key = null;
        int keyId = 0;
        int n = 0;
        for (String line : resource("/hmac/golden-hmac.txt").split("\n")) {
            if (line.startsWith("######## ")) {
                section = line.split(" +")[1];
                n = 0;
                String conf = resource("/hmac/confs/" + section + ".conf");
                Matcher active = Pattern.compile("active_key (\\d+)").matcher(conf);
                assertTrue(active.find(), section);
                keyId = Integer.parseInt(active.group(1));
                key = keys(conf).get(keyId);
            } else if (line.startsWith("packet: ")) {
                out.add(new Golden(
                        section + "#" + n++,
                        HexFormat.of().parseHex(line.substring(8).trim()),
                        key,
                        keyId));
            }
        }
        assertEquals(15, out.size(), "five configurations, three adverts each");
        return out.stream();
    }

    /** The key lines of a configuration (hex: or ASCII), by key id. */
    static Map<Integer, byte[]> keys(String conf) {
        Map<Integer, byte[]> keys = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*key (\\d+) (\\S+)$").matcher(conf);
        while (m.find()) {
            String v = m.group(2);
            keys.put(
                    Integer.parseInt(m.group(1)),
                    v.startsWith("hex:")
                            ? HexFormat.of().parseHex(v.substring(4))
                            : v.getBytes(StandardCharsets.US_ASCII));
        }
        return keys;
    }

    /** A test resource as text (the AH vectors read theirs with it too). */
    static String resource(String name) throws IOException {
        try (InputStream in = HmacTrailerGoldenTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void ourSignerWritesTheSameBytesFromTheSameFields(Golden g) throws Exception {
        byte[] received = g.payload();
        assertTrue(HmacTrailer.present(received, g.ipv6()), "one trailer longer than the header says");
        byte[] vrrp = HmacTrailer.strip(received);
        long sequence = HmacTrailer.sequence(received);
        byte[] ours = HmacTrailer.sign(vrrp, g.source(), g.keyId(), sequence, g.key());
        if (g.ipv6()) {
            // the kernel writes the IPv6 checksum over the whole payload, after signing: compare without it
            ours[6] = received[6];
            ours[7] = received[7];
        }
        assertArrayEquals(received, ours);
        assertEquals(HmacTrailer.TYPE_SHA256, HmacTrailer.type(received));
        assertEquals(g.keyId(), HmacTrailer.keyId(received));
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void theVrrpPartIsWhatOurCodecSendsWithItsChecksum(Golden g) throws Exception {
        byte[] vrrp = HmacTrailer.strip(g.payload());
        DecodeResult d = VrrpCodec.decode(vrrp, g.ipv6());
        assertTrue(d.ok(), String.valueOf(d.dropped()));
        byte[] encoded = VrrpCodec.encode(d.advert(), g.source(), g.destination(), ChecksumMode.STANDARD);
        if (g.ipv6()) {
            encoded[6] = vrrp[6];
            encoded[7] = vrrp[7];
        }
        // over IPv4 the checksum keepalived 2.4 writes covers the VRRP packet only, not the trailer
        assertArrayEquals(vrrp, encoded);
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void ourVerifierAcceptsItAndRefusesAnyChange(Golden g) throws Exception {
        byte[] received = g.payload();
        assertTrue(HmacTrailer.verify(received, g.source(), g.key()));
        InetAddress other = InetAddress.getByName(g.ipv6() ? "fe80::9" : "192.0.2.9");
        assertFalse(HmacTrailer.verify(received, other, g.key()), "the source address is bound in");
        byte[] wrongKey = g.key().clone();
        wrongKey[0] ^= 1;
        assertFalse(HmacTrailer.verify(received, g.source(), wrongKey));
        for (int i = 0; i < received.length; i++) {
            if (i == 6 || i == 7) {
                continue; // the checksum is read as zero (and checked on its own)
            }
            byte[] flipped = received.clone();
            flipped[i] ^= 0x20;
            assertFalse(HmacTrailer.verify(flipped, g.source(), g.key()), "byte " + i + " is covered");
        }
    }

    @Test
    void theSequenceIsSecondsThenSixteenthsOfSixteenBitsThenACounter() {
        long nanos = 1_796_587_237_735_111_000L;
        long s = HmacTrailer.sequenceAt(nanos, 3);
        assertEquals(1_796_587_237L, HmacTrailer.seconds(s));
        assertEquals((735_111_000L << 16) / 1_000_000_000L, (s >> 16) & 0xffff);
        assertEquals(3, s & 0xffff);
    }
}
