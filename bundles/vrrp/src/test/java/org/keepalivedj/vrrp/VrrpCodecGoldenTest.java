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
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every advert real keepalived 2.2.7 sent in the lab (golden-vrrp.txt) decodes and re-encodes to the same bytes. */
class VrrpCodecGoldenTest {

    record Golden(String name, byte[] ipPacket) {
        InetAddress source() throws Exception {
            return InetAddress.getByAddress(Arrays.copyOfRange(ipPacket, 12, 16));
        }

        InetAddress destination() throws Exception {
            return InetAddress.getByAddress(Arrays.copyOfRange(ipPacket, 16, 20));
        }

        byte[] payload() {
            return Arrays.copyOfRange(ipPacket, (ipPacket[0] & 0x0f) * 4, ipPacket.length);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Golden> goldens() throws IOException {
        List<Golden> out = new ArrayList<>();
        String section = "?";
        int n = 0;
        try (InputStream in = VrrpCodecGoldenTest.class.getResourceAsStream("/golden-vrrp.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("######## ")) {
                    section = line.split(" +")[1];
                    n = 0;
                }
                int i = line.indexOf("golden IPv4 packet  : ");
                if (i >= 0) {
                    out.add(new Golden(
                            section + "#" + n++,
                            HexFormat.of().parseHex(line.substring(i + 22).trim())));
                }
            }
        }
        return out.stream();
    }

    @Test
    void theFileHasAllSections() throws IOException {
        assertEquals(12, goldens().count());
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void decodesAndReencodesByteForByte(Golden g) throws Exception {
        byte[] payload = g.payload();
        DecodeResult r = VrrpCodec.decode(payload, false);
        assertTrue(r.ok(), () -> g + " dropped: " + r.dropped());
        assertTrue(
                VrrpCodec.checksumValid(payload, g.source(), g.destination(), ChecksumMode.STANDARD), g + " checksum");
        assertEquals(51, r.advert().vrid());
        assertEquals(
                InetAddress.getByName("192.0.2.100"), r.advert().addresses().get(0));
        assertArrayEquals(payload, VrrpCodec.encode(r.advert(), g.source(), g.destination(), ChecksumMode.STANDARD));
    }

    @Test
    void v3FastIntervalIsTenCentiseconds() throws Exception {
        Golden fast = goldens()
                .filter(g -> g.name().startsWith("golden-v3fast"))
                .findFirst()
                .orElseThrow();
        VrrpAdvert a = VrrpCodec.decode(fast.payload(), false).advert();
        assertEquals(10, a.interval());
        assertEquals(100, a.advertInterval().toMillis());
    }

    @Test
    void v2PasswordIsCarried() throws Exception {
        Golden auth = goldens()
                .filter(g -> g.name().startsWith("golden-v2auth"))
                .findFirst()
                .orElseThrow();
        VrrpAdvert a = VrrpCodec.decode(auth.payload(), false).advert();
        assertEquals(VrrpAdvert.AUTH_PASS, a.authType());
        assertEquals(VrrpAdvert.v2(51, 150, 1, "secret12", a.addresses()), a);
    }

    @Test
    void unicastChecksumUsesThePeerNotTheGroup() throws Exception {
        Golden uni = goldens()
                .filter(g -> g.name().startsWith("golden-v3uni"))
                .findFirst()
                .orElseThrow();
        byte[] p = uni.payload();
        assertTrue(VrrpCodec.checksumValid(p, uni.source(), uni.destination(), ChecksumMode.STANDARD));
        assertFalse(VrrpCodec.checksumValid(p, uni.source(), uni.destination(), ChecksumMode.OLD_UNICAST));
        VrrpAdvert a = VrrpCodec.decode(p, false).advert();
        byte[] old = VrrpCodec.encode(a, uni.source(), uni.destination(), ChecksumMode.OLD_UNICAST);
        // old_unicast_checksum is exactly what the multicast advert's checksum would be
        Golden multi = goldens()
                .filter(g -> g.name().equals("golden-v3#0"))
                .findFirst()
                .orElseThrow();
        assertArrayEquals(multi.payload(), old);
    }

    @Test
    void v3ChecksumAsV2LeavesThePseudoHeaderOut() throws Exception {
        Golden multi = goldens()
                .filter(g -> g.name().equals("golden-v3#0"))
                .findFirst()
                .orElseThrow();
        VrrpAdvert a = VrrpCodec.decode(multi.payload(), false).advert();
        byte[] asV2 = VrrpCodec.encode(a, multi.source(), multi.destination(), ChecksumMode.AS_V2);
        assertEquals(0x7602, ((asV2[6] & 0xff) << 8) | (asV2[7] & 0xff)); // what decode.py says "without pseudo-header"
        assertTrue(VrrpCodec.checksumValid(asV2, multi.source(), multi.destination(), ChecksumMode.AS_V2));
        assertFalse(VrrpCodec.checksumValid(asV2, multi.source(), multi.destination(), ChecksumMode.STANDARD));
    }

    @Test
    void ipv6RoundTripsWithPseudoHeaderChecksum() throws Exception {
        InetAddress src = InetAddress.getByName("fe80::1");
        InetAddress dst = InetAddress.getByName("ff02::12");
        VrrpAdvert a = VrrpAdvert.v3(7, 200, 100, List.of(InetAddress.getByName("2001:db8::100")));
        byte[] p = VrrpCodec.encode(a, src, dst, ChecksumMode.STANDARD);
        assertEquals(8 + 16, p.length);
        assertEquals(a, VrrpCodec.decode(p, true).advert());
        assertTrue(VrrpCodec.checksumValid(p, src, dst, ChecksumMode.STANDARD));
        assertFalse(VrrpCodec.checksumValid(p, InetAddress.getByName("fe80::2"), dst, ChecksumMode.STANDARD));
    }

    @Test
    void malformedInputsAreDroppedWithTheirReason() {
        assertEquals(
                DropReason.PACKET_LENGTH, VrrpCodec.decode(new byte[3], false).dropped());
        assertEquals(
                DropReason.VERSION,
                VrrpCodec.decode(HexFormat.of().parseHex("413396010064d371c0000264"), false)
                        .dropped());
        assertEquals(
                DropReason.INVALID_TYPE,
                VrrpCodec.decode(HexFormat.of().parseHex("323396010064d371c0000264"), false)
                        .dropped());
        assertEquals(
                DropReason.PACKET_LENGTH,
                VrrpCodec.decode(HexFormat.of().parseHex("313396020064d371c0000264"), false)
                        .dropped());
        assertEquals(
                DropReason.FAMILY,
                VrrpCodec.decode(HexFormat.of().parseHex("2133960100018665c00002640000000000000000"), true)
                        .dropped());
    }
}
