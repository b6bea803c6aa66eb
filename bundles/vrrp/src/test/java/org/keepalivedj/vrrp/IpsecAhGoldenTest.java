package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adverts keepalived 2.2.7 sent with auth_type AH (resources ah/golden-ah.txt, captured by
 * ah/capture.sh): our signer writes the same datagram from the same fields, our verifier accepts it,
 * and refuses it once a covered byte, the key or the sender changes.
 */
class IpsecAhGoldenTest {

    record Golden(String name, byte[] datagram, String password) {
        /** Sent to a unicast peer rather than the VRRP group: keepalived leaves the TTL out of its ICV. */
        boolean unicast() {
            return (datagram[16] & 0xf0) != 0xe0;
        }

        byte[] header() {
            return Arrays.copyOf(datagram, 20);
        }

        byte[] payload() {
            return Arrays.copyOfRange(datagram, 20, datagram.length);
        }

        Inet4Address address(int offset) throws Exception {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(datagram, offset, offset + 4));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Golden> goldens() throws IOException {
        List<Golden> out = new ArrayList<>();
        String section = null;
        String password = null;
        int n = 0;
        for (String line : HmacTrailerGoldenTest.resource("/ah/golden-ah.txt").split("\n")) {
            if (line.startsWith("######## ")) {
                section = line.split(" +")[1];
                n = 0;
                Matcher m = Pattern.compile("auth_pass (\\S+)")
                        .matcher(HmacTrailerGoldenTest.resource("/ah/confs/" + section + ".conf"));
                assertTrue(m.find(), section);
                password = m.group(1);
            } else if (line.startsWith("packet: ")) {
                out.add(new Golden(
                        section + "#" + n++,
                        HexFormat.of().parseHex(line.substring(8).trim()),
                        password));
            }
        }
        assertEquals(9, out.size(), "three configurations, three adverts each");
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void ourSignerWritesTheSameDatagramFromTheSameFields(Golden g) throws Exception {
        byte[] payload = g.payload();
        assertTrue(IpsecAh.present(payload));
        int ttl = g.datagram()[8] & 0xff;
        int id = ((g.datagram()[4] & 0xff) << 8) | (g.datagram()[5] & 0xff);
        byte[] ours = IpsecAh.sign(
                IpsecAh.strip(payload),
                g.address(12),
                g.address(16),
                ttl,
                id,
                IpsecAh.sequence(payload),
                IpsecAh.key(g.password()),
                g.unicast());
        assertArrayEquals(g.datagram(), ours);
        assertEquals(IpsecAh.spiOf(g.address(12)), IpsecAh.spi(payload), "the SPI is the sender's address");
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void theVrrpPartIsAuthTypeTwoWithZeroDataAndOurChecksum(Golden g) throws Exception {
        byte[] vrrp = IpsecAh.strip(g.payload());
        DecodeResult d = VrrpCodec.decode(vrrp, false);
        assertTrue(d.ok(), String.valueOf(d.dropped()));
        VrrpAdvert a = d.advert();
        assertEquals(VrrpAdvert.AUTH_AH, a.authType());
        VrrpAdvert ours = VrrpAdvert.v2Ah(a.vrid(), a.priority(), a.interval(), a.addresses());
        assertArrayEquals(vrrp, VrrpCodec.encode(ours, g.address(12), g.address(16), ChecksumMode.STANDARD));
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void itVerifiesAsReceivedAndNotOnceACoveredByteChanges(Golden g) {
        byte[] key = IpsecAh.key(g.password());
        assertTrue(IpsecAh.verify(g.header(), g.payload(), key, g.unicast()));
        // TOS, flags/fragment offset and checksum are not covered (nor a unicast advert's TTL)
        for (int i : g.unicast() ? new int[] {1, 6, 7, 8, 10, 11} : new int[] {1, 6, 7, 10, 11}) {
            byte[] header = g.header();
            header[i] ^= 0x20;
            assertTrue(IpsecAh.verify(header, g.payload(), key, g.unicast()), "header byte " + i);
        }
        for (int i :
                g.unicast() ? new int[] {0, 2, 3, 4, 5, 9, 12, 15, 16, 19} : new int[] {0, 2, 3, 4, 5, 8, 9, 12, 19}) {
            byte[] header = g.header();
            header[i] ^= 0x01;
            assertFalse(IpsecAh.verify(header, g.payload(), key, g.unicast()), "header byte " + i);
        }
        for (int i = 0; i < g.payload().length; i++) {
            byte[] payload = g.payload();
            payload[i] ^= 0x01;
            assertFalse(IpsecAh.verify(g.header(), payload, key, g.unicast()), "payload byte " + i);
        }
        assertFalse(IpsecAh.verify(g.header(), g.payload(), IpsecAh.key("another"), g.unicast()), "another auth_pass");
    }

    @ParameterizedTest
    @MethodSource("goldens")
    void sequenceNumbersCountFromOne(Golden g) {
        int n = Integer.parseInt(g.name().substring(g.name().indexOf('#') + 1));
        assertEquals(n + 1, IpsecAh.sequence(g.payload()));
    }

    @Test
    void theKeyIsTheFirstEightBytesOfAuthPass() {
        assertArrayEquals("secretlo".getBytes(StandardCharsets.US_ASCII), IpsecAh.key("secretlongpassword"));
        assertArrayEquals("secret".getBytes(StandardCharsets.US_ASCII), IpsecAh.key("secret"));
    }
}
