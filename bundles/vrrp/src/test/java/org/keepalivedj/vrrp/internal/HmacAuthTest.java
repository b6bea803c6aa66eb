package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.HmacAuthentication;
import org.keepalivedj.api.model.HmacAuthentication.AntiReplay;
import org.keepalivedj.api.model.HmacAuthentication.Mode;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.vrrp.ChecksumMode;
import org.keepalivedj.vrrp.DropReason;
import org.keepalivedj.vrrp.HmacTrailer;
import org.keepalivedj.vrrp.VrrpAdvert;
import org.keepalivedj.vrrp.VrrpCodec;

/** One instance's auth_hmac on a clock the test moves: signing sequences and every receive decision. */
class HmacAuthTest {
    private static final byte[] KEY_1 = new byte[32];
    private static final byte[] KEY_2 = "a-second-key-of-thirty-two-bytes".getBytes();
    private static final InetAddress PEER = ip("192.0.2.2");
    private static final InetAddress GROUP = ip("224.0.0.18");
    private static final long T0 = 1_796_587_237_000_000_000L;

    private final AtomicLong clock = new AtomicLong(T0);

    private HmacAuth auth(Mode mode, AntiReplay antiReplay, int activeKey) {
        return new HmacAuth(
                new HmacAuthentication(
                        Origin.NONE, Map.of(1, KEY_1, 2, KEY_2), activeKey, antiReplay, Duration.ofSeconds(5), mode),
                clock::get);
    }

    private static byte[] vrrp() {
        return VrrpCodec.encode(
                VrrpAdvert.v3(51, 100, 100, List.of(ip("192.0.2.100"))), PEER, GROUP, ChecksumMode.STANDARD);
    }

    private byte[] signedBy(HmacAuth sender) {
        return sender.sign(vrrp(), PEER, sender.nextSequence());
    }

    @Test
    void aSignedAdvertIsAcceptedOnceAndStrippedOfItsTrailer() {
        HmacAuth sender = auth(Mode.ENFORCE, AntiReplay.TIME, 2);
        HmacAuth receiver = auth(Mode.ENFORCE, AntiReplay.TIME, 1);
        byte[] signed = signedBy(sender);
        assertEquals(2, HmacTrailer.keyId(signed));
        HmacAuth.Verdict v = receiver.check(signed, PEER, false);
        assertNull(v.dropped());
        assertArrayEquals(vrrp(), v.vrrp());
        assertEquals(DropReason.HMAC_REPLAY, receiver.check(signed, PEER, false).dropped());
        assertNull(receiver.check(signedBy(sender), PEER, false).dropped(), "the next one is above it");
    }

    @Test
    void sequencesGrowWithinOneClockTickAndFollowTheClock() {
        HmacAuth sender = auth(Mode.ENFORCE, AntiReplay.TIME, 1);
        long first = sender.nextSequence();
        long second = sender.nextSequence();
        assertEquals(first + 1, second, "same tick: the counter");
        clock.addAndGet(1_000_000_000L);
        assertEquals(HmacTrailer.sequenceAt(clock.get(), 0), sender.nextSequence());
    }

    @Test
    void timeModeRestartsFromTheClockWhenItsLastSequenceIsPastTheWindow() {
        HmacAuth sender = auth(Mode.ENFORCE, AntiReplay.TIME, 1);
        long ahead = sender.nextSequence();
        clock.addAndGet(-60_000_000_000L); // the clock was stepped back a minute
        assertEquals(HmacTrailer.sequenceAt(clock.get(), 0), sender.nextSequence());
        HmacAuth monotonic = auth(Mode.ENFORCE, AntiReplay.MONOTONIC, 1);
        clock.addAndGet(60_000_000_000L);
        long m = monotonic.nextSequence();
        clock.addAndGet(-60_000_000_000L);
        assertEquals(m + 1, monotonic.nextSequence(), "monotonic keeps growing");
        assertTrue(ahead > 0);
    }

    @Test
    void staleAdvertsAreDroppedInTimeModeOnly() {
        HmacAuth sender = auth(Mode.ENFORCE, AntiReplay.TIME, 1);
        byte[] old = signedBy(sender);
        clock.addAndGet(6_000_000_000L);
        assertEquals(
                DropReason.HMAC_STALE,
                auth(Mode.ENFORCE, AntiReplay.TIME, 1).check(old, PEER, false).dropped());
        assertNull(auth(Mode.ENFORCE, AntiReplay.MONOTONIC, 1)
                .check(old, PEER, false)
                .dropped());
    }

    @Test
    void aTamperedAdvertAnUnknownKeyOrAnotherSenderIsInvalid() {
        HmacAuth receiver = auth(Mode.ENFORCE, AntiReplay.TIME, 1);
        byte[] signed = signedBy(auth(Mode.ENFORCE, AntiReplay.TIME, 1));
        byte[] tampered = signed.clone();
        tampered[2] = (byte) 200; // priority
        assertEquals(
                DropReason.HMAC_INVALID, receiver.check(tampered, PEER, false).dropped());
        assertEquals(
                DropReason.HMAC_INVALID,
                receiver.check(signed, ip("192.0.2.3"), false).dropped());
        byte[] unknownKey = HmacTrailer.sign(vrrp(), PEER, 9, HmacTrailer.sequenceAt(clock.get(), 0), KEY_1);
        assertEquals(
                DropReason.HMAC_INVALID, receiver.check(unknownKey, PEER, false).dropped());
        assertNull(receiver.check(signed, PEER, false).dropped(), "a forged advert moved no mark");
    }

    @Test
    void missingTrailersAreRefusedOnlyInEnforceMode() {
        assertEquals(
                DropReason.HMAC_MISSING,
                auth(Mode.ENFORCE, AntiReplay.TIME, 1)
                        .check(vrrp(), PEER, false)
                        .dropped());
        assertArrayEquals(
                vrrp(),
                auth(Mode.PERMISSIVE, AntiReplay.TIME, 1)
                        .check(vrrp(), PEER, false)
                        .vrrp());
        assertArrayEquals(
                vrrp(),
                auth(Mode.RECEIVE_ONLY, AntiReplay.TIME, 1)
                        .check(vrrp(), PEER, false)
                        .vrrp());
        assertEquals(-1, auth(Mode.RECEIVE_ONLY, AntiReplay.TIME, 1).nextSequence(), "receive-only does not sign");
        byte[] forged = signedBy(auth(Mode.ENFORCE, AntiReplay.TIME, 1));
        forged[forged.length - 1] ^= 1;
        assertEquals(
                DropReason.HMAC_INVALID,
                auth(Mode.PERMISSIVE, AntiReplay.TIME, 1)
                        .check(forged, PEER, false)
                        .dropped(),
                "a trailer that is there must verify, in every mode");
    }

    @Test
    void aMarkOutsideTheWindowIsForgottenInTimeMode() {
        HmacAuth receiver = auth(Mode.ENFORCE, AntiReplay.TIME, 1);
        // a sender whose clock runs 4 s ahead is accepted, and leaves its mark there
        assertNull(receiver.check(signedAt(T0 + 4_000_000_000L), PEER, false).dropped());
        // then our clock steps back 3 s: the mark is 7 s away, outside the window, and orders nothing
        clock.set(T0 - 3_000_000_000L);
        assertNull(receiver.check(signedAt(T0 - 3_000_000_000L), PEER, false).dropped());
        HmacAuth monotonic = auth(Mode.ENFORCE, AntiReplay.MONOTONIC, 1);
        assertNull(monotonic.check(signedAt(T0 + 4_000_000_000L), PEER, false).dropped());
        assertEquals(
                DropReason.HMAC_REPLAY,
                monotonic.check(signedAt(T0 - 3_000_000_000L), PEER, false).dropped(),
                "monotonic keeps its mark");
    }

    private static byte[] signedAt(long epochNanos) {
        return HmacTrailer.sign(vrrp(), PEER, 1, HmacTrailer.sequenceAt(epochNanos, 0), KEY_1);
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
