package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.netlink.ReceivedPacket;
import org.keepalivedj.vrrp.ChecksumMode;
import org.keepalivedj.vrrp.DropReason;
import org.keepalivedj.vrrp.VrrpAdvert;
import org.keepalivedj.vrrp.VrrpCodec;

/**
 * The sequence rules keepalived 2.2.7 was seen to follow with auth_type AH (resources ah/README.md):
 * one counter per instance, moved by what it sends and by what it accepts; an advert at or below it,
 * with another SPI, or with a bad ICV is refused.
 */
class AhAuthTest {

    private static final InetAddress PEER = IpAddresses.parse("192.0.2.2");
    private static final InetAddress US = IpAddresses.parse("192.0.2.1");
    private static final InetAddress GROUP = IpAddresses.parse("224.0.0.18");

    private final AhAuth peer = new AhAuth("secret", false);
    private final AhAuth us = new AhAuth("secret", false);
    private final byte[] vrrp = VrrpCodec.encode(
            VrrpAdvert.v2Ah(51, 150, 1, List.of(IpAddresses.parse("192.0.2.100"))), PEER, GROUP, ChecksumMode.STANDARD);

    /** What the receive socket hands over for a datagram from the peer. */
    private static ReceivedPacket received(byte[] datagram) {
        return new ReceivedPacket(
                Arrays.copyOfRange(datagram, 20, datagram.length),
                PEER,
                GROUP,
                datagram[8] & 0xff,
                2,
                System.nanoTime(),
                Arrays.copyOf(datagram, 20));
    }

    @Test
    void acceptsRisingSequencesAndHandsOverTheVrrpPacket() {
        for (int i = 1; i <= 3; i++) {
            AhAuth.Verdict v = us.check(received(peer.sign(vrrp, PEER, GROUP, 255)));
            assertNull(v.dropped());
            assertArrayEquals(vrrp, v.vrrp().payload());
            assertEquals(i, us.counter());
        }
    }

    @Test
    void aReplayedOrRestartedSenderIsRefusedUntilItHasHeardUs() {
        byte[] first = peer.sign(vrrp, PEER, GROUP, 255);
        assertNull(us.check(received(first)).dropped());
        assertEquals(DropReason.AH_REPLAY, us.check(received(first)).dropped(), "the same number again");
        // we send a few: our counter moves on
        for (int i = 0; i < 5; i++) {
            us.sign(vrrp, US, GROUP, 255);
        }
        assertEquals(6, us.counter());
        AhAuth restarted = new AhAuth("secret", false);
        assertEquals(
                DropReason.AH_REPLAY,
                us.check(received(restarted.sign(vrrp, PEER, GROUP, 255))).dropped());
        // it hears our next advert, takes our number, and continues above it
        byte[] ours = us.sign(vrrp, US, GROUP, 255);
        ReceivedPacket atPeer = new ReceivedPacket(
                Arrays.copyOfRange(ours, 20, ours.length), US, GROUP, 255, 2, 0, Arrays.copyOf(ours, 20));
        assertNull(restarted.check(atPeer).dropped());
        assertNull(us.check(received(restarted.sign(vrrp, PEER, GROUP, 255))).dropped());
        assertEquals(8, us.counter());
    }

    @Test
    void anotherPasswordOrSenderOrChangedByteIsRefusedAndLeavesTheCounter() {
        byte[] wrongKey = new AhAuth("other", false).sign(vrrp, PEER, GROUP, 255);
        assertEquals(DropReason.AH_ICV, us.check(received(wrongKey)).dropped());
        byte[] fromElsewhere = peer.sign(vrrp, IpAddresses.parse("192.0.2.9"), GROUP, 255);
        assertEquals(DropReason.AH_SPI, us.check(received(fromElsewhere)).dropped(), "SPI is not the source");
        byte[] changed = peer.sign(vrrp, PEER, GROUP, 255);
        changed[changed.length - 9] ^= 1;
        assertEquals(DropReason.AH_ICV, us.check(received(changed)).dropped());
        byte[] plain = Arrays.copyOf(vrrp, vrrp.length + 20);
        assertEquals(
                DropReason.AH_SPI,
                us.check(new ReceivedPacket(plain, PEER, GROUP, 255, 2, 0, new byte[20]))
                        .dropped(),
                "no AH header");
        assertEquals(0, us.counter());
    }

    @Test
    void onlyAhAuthenticationMakesOne() {
        assertNull(AhAuth.of(null, false));
        assertNull(AhAuth.of(new org.keepalivedj.api.model.Authentication(null, "PASS", "secret"), false));
        assertNotNull(AhAuth.of(new org.keepalivedj.api.model.Authentication(null, "AH", "secret"), false));
    }
}
