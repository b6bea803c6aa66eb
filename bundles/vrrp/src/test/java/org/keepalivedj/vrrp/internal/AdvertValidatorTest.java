package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.UnicastPeer;
import org.keepalivedj.vrrp.ChecksumMode;
import org.keepalivedj.vrrp.DropReason;
import org.keepalivedj.vrrp.VrrpAdvert;
import org.keepalivedj.vrrp.VrrpCodec;

/** RFC 5798 7.1 receive checks, each mapped to its counter. */
class AdvertValidatorTest {

    private static final InetAddress SRC = address("192.0.2.2");
    private static final InetAddress GROUP = address("224.0.0.18");
    private static final List<InetAddress> VIPS = List.of(address("192.0.2.100"));

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static DropReason check(AdvertValidator v, VrrpAdvert a, InetAddress dst, int ttl, ChecksumMode sendMode) {
        byte[] p = VrrpCodec.encode(a, SRC, dst, sendMode);
        return v.check(p, VrrpCodec.decode(p, false).advert(), SRC, dst, ttl, false);
    }

    @Test
    void v3Multicast() {
        AdvertValidator v = new AdvertValidator(3, 100, null, List.of(), ChecksumMode.STANDARD);
        VrrpAdvert ok = VrrpAdvert.v3(51, 100, 100, VIPS);
        assertNull(check(v, ok, GROUP, 255, ChecksumMode.STANDARD));
        assertEquals(DropReason.TTL, check(v, ok, GROUP, 254, ChecksumMode.STANDARD));
        assertEquals(DropReason.CHECKSUM, check(v, ok, GROUP, 255, ChecksumMode.AS_V2));
        assertEquals(DropReason.VERSION, check(v, VrrpAdvert.v2(51, 100, 1, null, VIPS), GROUP, 255, ChecksumMode.STANDARD));
        assertNull(check(v, VrrpAdvert.v3(51, 100, 7, VIPS), GROUP, 255, ChecksumMode.STANDARD), "v3 learns other intervals");
    }

    @Test
    void v3ChecksumModes() {
        AdvertValidator asV2 = new AdvertValidator(3, 100, null, List.of(), ChecksumMode.AS_V2);
        assertNull(check(asV2, VrrpAdvert.v3(51, 100, 100, VIPS), GROUP, 255, ChecksumMode.AS_V2));
        InetAddress self = address("192.0.2.1");
        AdvertValidator old = new AdvertValidator(3, 100, null,
                List.of(new UnicastPeer(Origin.NONE, SRC, -1, -1)), ChecksumMode.OLD_UNICAST);
        assertNull(check(old, VrrpAdvert.v3(51, 100, 100, VIPS), self, 64, ChecksumMode.OLD_UNICAST));
        assertEquals(DropReason.CHECKSUM, check(old, VrrpAdvert.v3(51, 100, 100, VIPS), self, 64, ChecksumMode.STANDARD));
    }

    @Test
    void unicastPeersAndTtlBounds() {
        AdvertValidator v = new AdvertValidator(3, 100, null,
                List.of(new UnicastPeer(Origin.NONE, SRC, 250, 255)), ChecksumMode.STANDARD);
        InetAddress self = address("192.0.2.1");
        assertNull(check(v, VrrpAdvert.v3(51, 100, 100, VIPS), self, 255, ChecksumMode.STANDARD));
        assertEquals(DropReason.TTL, check(v, VrrpAdvert.v3(51, 100, 100, VIPS), self, 64, ChecksumMode.STANDARD));
        AdvertValidator other = new AdvertValidator(3, 100, null,
                List.of(new UnicastPeer(Origin.NONE, address("192.0.2.9"), -1, -1)), ChecksumMode.STANDARD);
        assertEquals(DropReason.UNKNOWN_PEER, check(other, VrrpAdvert.v3(51, 100, 100, VIPS), self, 255, ChecksumMode.STANDARD));
    }

    @Test
    void v2AuthenticationAndInterval() {
        AdvertValidator pass = new AdvertValidator(2, 1, "secret12", List.of(), ChecksumMode.STANDARD);
        assertNull(check(pass, VrrpAdvert.v2(51, 100, 1, "secret12", VIPS), GROUP, 255, ChecksumMode.STANDARD));
        assertEquals(DropReason.AUTH_FAILURE, check(pass, VrrpAdvert.v2(51, 100, 1, "wrong", VIPS), GROUP, 255, ChecksumMode.STANDARD));
        assertEquals(DropReason.AUTH_TYPE_MISMATCH, check(pass, VrrpAdvert.v2(51, 100, 1, null, VIPS), GROUP, 255, ChecksumMode.STANDARD));
        VrrpAdvert ah = new VrrpAdvert(2, 51, 100, 1, VrrpAdvert.AUTH_AH, new byte[8], VIPS);
        assertEquals(DropReason.INVALID_AUTH_TYPE, check(pass, ah, GROUP, 255, ChecksumMode.STANDARD));
        assertEquals(DropReason.ADVERT_INTERVAL, check(pass, VrrpAdvert.v2(51, 100, 2, "secret12", VIPS), GROUP, 255, ChecksumMode.STANDARD));
        AdvertValidator none = new AdvertValidator(2, 1, null, List.of(), ChecksumMode.STANDARD);
        assertEquals(DropReason.AUTH_TYPE_MISMATCH, check(none, VrrpAdvert.v2(51, 100, 1, "x", VIPS), GROUP, 255, ChecksumMode.STANDARD));
    }

    @Test
    void everyReasonHasACounter() {
        InstanceCounters c = new InstanceCounters();
        for (DropReason r : DropReason.values()) {
            c.dropped(r);
        }
        long total = c.snapshot().entrySet().stream().filter(e -> !e.getKey().startsWith("advertisements")
                && !e.getKey().equals("masterTransitions")).mapToLong(java.util.Map.Entry::getValue).sum();
        assertEquals(DropReason.values().length, total);
        assertEquals(1L, c.snapshot().get("invalidAuthType"));
    }
}
