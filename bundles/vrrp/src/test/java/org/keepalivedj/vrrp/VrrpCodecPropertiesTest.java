package org.keepalivedj.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random and mutated bytes never make the codec throw; what it accepts re-encodes unchanged.
 * Tries are bounded (300, junit-platform.properties); run longer with -Djqwik.tries.default=N.
 */
class VrrpCodecPropertiesTest {

    @Property
    void randomBytesNeverThrow(@ForAll @Size(max = 200) byte[] bytes, @ForAll boolean ipv6) throws Exception {
        DecodeResult r = VrrpCodec.decode(bytes, ipv6);
        assertTrue(r.ok() ^ r.dropped() != null);
        InetAddress src = InetAddress.getByName(ipv6 ? "fe80::1" : "192.0.2.1");
        InetAddress dst = InetAddress.getByName(ipv6 ? "ff02::12" : "224.0.0.18");
        for (ChecksumMode mode : ChecksumMode.values()) {
            VrrpCodec.checksumValid(bytes, src, dst, mode);
        }
        if (r.ok()) {
            byte[] again = VrrpCodec.encode(r.advert(), src, dst, ChecksumMode.STANDARD);
            assertEquals(r.advert(), VrrpCodec.decode(again, ipv6).advert());
        }
    }

    @Property
    void mutatedAdvertsNeverThrowAndAreMostlyCaughtByTheChecksum(
            @ForAll("adverts") VrrpAdvert advert,
            @ForAll @IntRange(min = 0, max = 63) int position,
            @ForAll @IntRange(min = 1, max = 255) int xor)
            throws Exception {
        InetAddress src = InetAddress.getByName("192.0.2.1");
        InetAddress dst = InetAddress.getByName("224.0.0.18");
        byte[] p = VrrpCodec.encode(advert, src, dst, ChecksumMode.STANDARD);
        int at = position % p.length;
        p[at] ^= (byte) xor;
        DecodeResult r = VrrpCodec.decode(p, false);
        // a single changed byte always breaks the ones' complement sum
        assertTrue(!VrrpCodec.checksumValid(p, src, dst, ChecksumMode.STANDARD) || !r.ok());
    }

    @Provide
    Arbitrary<VrrpAdvert> adverts() {
        Arbitrary<Integer> version = Arbitraries.of(2, 3);
        return version.flatMap(v -> Arbitraries.integers()
                .between(1, 255)
                .flatMap(vrid -> Arbitraries.integers()
                        .between(0, 255)
                        .flatMap(prio -> Arbitraries.integers()
                                .between(1, v == 2 ? 255 : 4095)
                                .flatMap(interval -> Arbitraries.integers()
                                        .between(0, 10)
                                        .map(n -> {
                                            List<InetAddress> addresses = new ArrayList<>();
                                            for (int i = 0; i < n; i++) {
                                                try {
                                                    addresses.add(
                                                            InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) i}));
                                                } catch (Exception e) {
                                                    throw new AssertionError(e);
                                                }
                                            }
                                            return v == 2
                                                    ? VrrpAdvert.v2(vrid, prio, interval, "pw", addresses)
                                                    : VrrpAdvert.v3(vrid, prio, interval, addresses);
                                        })))));
    }
}
