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
        assertEquals(
                DropReason.VERSION, check(v, VrrpAdvert.v2(51, 100, 1, null, VIPS), GROUP, 255, ChecksumMode.STANDARD));
        assertNull(
                check(v, VrrpAdvert.v3(51, 100, 7, VIPS), GROUP, 255, ChecksumMode.STANDARD),
                "v3 learns other intervals");
    }

    @Test
    void v3ChecksumModes() {
        AdvertValidator asV2 = new AdvertValidator(3, 100, null, List.of(), ChecksumMode.AS_V2);
        assertNull(check(asV2, VrrpAdvert.v3(51, 100, 100, VIPS), GROUP, 255, ChecksumMode.AS_V2));
        InetAddress self = address("192.0.2.1");
        AdvertValidator old = new AdvertValidator(
                3, 100, null, List.of(new UnicastPeer(Origin.NONE, SRC, -1, -1)), ChecksumMode.OLD_UNICAST);
        assertNull(check(old, VrrpAdvert.v3(51, 100, 100, VIPS), self, 64, ChecksumMode.OLD_UNICAST));
        assertEquals(
                DropReason.CHECKSUM, check(old, VrrpAdvert.v3(51, 100, 100, VIPS), self, 64, ChecksumMode.STANDARD));
    }

    /**
     * v3_checksum_as_v2 receives both forms, as keepalived's peers in that mode may send either; a
     * corrupt packet fits neither. The standard mode keeps refusing the v2-style checksum.
     */
    @Test
    void asV2AcceptsTheRfcChecksumTooButNotACorruptOne() {
        AdvertValidator asV2 = new AdvertValidator(3, 100, null, List.of(), ChecksumMode.AS_V2);
        VrrpAdvert a = VrrpAdvert.v3(51, 100, 100, VIPS);
        assertNull(check(asV2, a, GROUP, 255, ChecksumMode.AS_V2));
        assertNull(check(asV2, a, GROUP, 255, ChecksumMode.STANDARD));
        byte[] corrupt = VrrpCodec.encode(a, SRC, GROUP, ChecksumMode.STANDARD);
        corrupt[2] ^= 1; // priority changed in flight
        assertEquals(
                DropReason.CHECKSUM,
                asV2.check(corrupt, VrrpCodec.decode(corrupt, false).advert(), SRC, GROUP, 255, false));
        AdvertValidator standard = new AdvertValidator(3, 100, null, List.of(), ChecksumMode.STANDARD);
        assertEquals(DropReason.CHECKSUM, check(standard, a, GROUP, 255, ChecksumMode.AS_V2));
    }

    /** Each reason reads as keepalived's line for it, naming the sender. */
    @Test
    void describesEachReasonWithTheSender() {
        AdvertValidator v3 = new AdvertValidator(3, 100, null, List.of(), ChecksumMode.STANDARD);
        VrrpAdvert a3 = VrrpAdvert.v3(51, 100, 100, VIPS);
        byte[] p3 = VrrpCodec.encode(a3, SRC, GROUP, ChecksumMode.STANDARD);
        assertEquals(
                "invalid TTL/HL from 192.0.2.2. Received 64 and expect 255",
                v3.describe(DropReason.TTL, p3, a3, SRC, 64, false));
        assertEquals(
                "Invalid VRRPv3 checksum from 192.0.2.2", v3.describe(DropReason.CHECKSUM, p3, a3, SRC, 255, false));
        VrrpAdvert a2 = VrrpAdvert.v2(51, 100, 2, null, VIPS);
        byte[] p2 = VrrpCodec.encode(a2, SRC, GROUP, ChecksumMode.STANDARD);
        assertEquals(
                "wrong version from 192.0.2.2. Received 2 and expect 3",
                v3.describe(DropReason.VERSION, p2, a2, SRC, 255, false));
        AdvertValidator pass = new AdvertValidator(2, 1, "secret12", List.of(), ChecksumMode.STANDARD);
        assertEquals(
                "received a 0 auth from 192.0.2.2, expecting 1!",
                pass.describe(DropReason.AUTH_TYPE_MISMATCH, p2, a2, SRC, 255, false));
        assertEquals(
                "received an invalid passwd from 192.0.2.2!",
                pass.describe(DropReason.AUTH_FAILURE, p2, a2, SRC, 255, false));
        assertEquals(
                "advertisement interval mismatch with 192.0.2.2 mine=1 sec rcv'd=2 sec",
                pass.describe(DropReason.ADVERT_INTERVAL, p2, a2, SRC, 255, false));
        AdvertValidator uni = new AdvertValidator(
                3, 100, null, List.of(new UnicastPeer(Origin.NONE, SRC, 250, -1)), ChecksumMode.STANDARD);
        assertEquals(
                "TTL/HL 64 from 192.0.2.2 not in range 250 - 255",
                uni.describe(DropReason.TTL, p3, a3, SRC, 64, false));
        assertEquals(
                "unicast source address 192.0.2.2 not a unicast peer",
                uni.describe(DropReason.UNKNOWN_PEER, p3, a3, SRC, 255, false));
        assertEquals(
                "vrrp packet from 192.0.2.2 too short, length 10 and expect 12",
                v3.describe(DropReason.PACKET_LENGTH, java.util.Arrays.copyOf(p3, 10), null, SRC, 255, false));
        assertEquals(
                "vrrp packet from 192.0.2.2 too long, length 14 and expect 12",
                v3.describe(DropReason.PACKET_LENGTH, java.util.Arrays.copyOf(p3, 14), null, SRC, 255, false));
        assertEquals(
                "vrrp packet from 192.0.2.2 too short, length 4 and expect 8",
                v3.describe(DropReason.PACKET_LENGTH, new byte[4], null, SRC, 255, false));
        byte[] type2 = p3.clone();
        type2[0] = 0x32;
        assertEquals(
                "Invalid packet type from 192.0.2.2. 2 and expect 1",
                v3.describe(DropReason.INVALID_TYPE, type2, null, SRC, 255, false));
        assertEquals(
                "ip address associated with VRID 51 not present in MASTER advert from 192.0.2.2: 192.0.2.100",
                AdvertValidator.describeAddressMismatch(
                        VrrpAdvert.v3(51, 100, 100, List.of(address("192.0.2.101"))), VIPS, SRC));
        assertEquals(
                "received an unexpected ip number count 0 from 192.0.2.2, expected 1!",
                AdvertValidator.describeAddressMismatch(VrrpAdvert.v3(51, 100, 100, List.of()), VIPS, SRC));
    }

    @Test
    void unicastPeersAndTtlBounds() {
        AdvertValidator v = new AdvertValidator(
                3, 100, null, List.of(new UnicastPeer(Origin.NONE, SRC, 250, 255)), ChecksumMode.STANDARD);
        InetAddress self = address("192.0.2.1");
        assertNull(check(v, VrrpAdvert.v3(51, 100, 100, VIPS), self, 255, ChecksumMode.STANDARD));
        assertEquals(DropReason.TTL, check(v, VrrpAdvert.v3(51, 100, 100, VIPS), self, 64, ChecksumMode.STANDARD));
        AdvertValidator other = new AdvertValidator(
                3,
                100,
                null,
                List.of(new UnicastPeer(Origin.NONE, address("192.0.2.9"), -1, -1)),
                ChecksumMode.STANDARD);
        assertEquals(
                DropReason.UNKNOWN_PEER,
                check(other, VrrpAdvert.v3(51, 100, 100, VIPS), self, 255, ChecksumMode.STANDARD));
    }

    @Test
    void v2AuthenticationAndInterval() {
        AdvertValidator pass = new AdvertValidator(2, 1, "secret12", List.of(), ChecksumMode.STANDARD);
        assertNull(check(pass, VrrpAdvert.v2(51, 100, 1, "secret12", VIPS), GROUP, 255, ChecksumMode.STANDARD));
        assertEquals(
                DropReason.AUTH_FAILURE,
                check(pass, VrrpAdvert.v2(51, 100, 1, "wrong", VIPS), GROUP, 255, ChecksumMode.STANDARD));
        assertEquals(
                DropReason.AUTH_TYPE_MISMATCH,
                check(pass, VrrpAdvert.v2(51, 100, 1, null, VIPS), GROUP, 255, ChecksumMode.STANDARD));
        VrrpAdvert ah = new VrrpAdvert(2, 51, 100, 1, VrrpAdvert.AUTH_AH, new byte[8], VIPS);
        assertEquals(DropReason.INVALID_AUTH_TYPE, check(pass, ah, GROUP, 255, ChecksumMode.STANDARD));
        assertEquals(
                DropReason.ADVERT_INTERVAL,
                check(pass, VrrpAdvert.v2(51, 100, 2, "secret12", VIPS), GROUP, 255, ChecksumMode.STANDARD));
        AdvertValidator none = new AdvertValidator(2, 1, null, List.of(), ChecksumMode.STANDARD);
        assertEquals(
                DropReason.AUTH_TYPE_MISMATCH,
                check(none, VrrpAdvert.v2(51, 100, 1, "x", VIPS), GROUP, 255, ChecksumMode.STANDARD));
    }

    @Test
    void everyReasonHasACounter() {
        InstanceCounters c = new InstanceCounters();
        for (DropReason r : DropReason.values()) {
            c.dropped(r);
        }
        long total = c.snapshot().entrySet().stream()
                .filter(e ->
                        !e.getKey().startsWith("advertisements") && !e.getKey().equals("masterTransitions"))
                .mapToLong(java.util.Map.Entry::getValue)
                .sum();
        assertEquals(DropReason.values().length, total);
        assertEquals(1L, c.snapshot().get("invalidAuthType"));
    }
}
