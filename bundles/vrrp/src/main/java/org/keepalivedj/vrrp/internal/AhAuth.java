package org.keepalivedj.vrrp.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.keepalivedj.api.model.Authentication;
import org.keepalivedj.netlink.ReceivedPacket;
import org.keepalivedj.vrrp.DropReason;
import org.keepalivedj.vrrp.IpsecAh;

/**
 * One instance's auth_type AH, as keepalived 2.2.7 runs it: a single 32-bit sequence counter for
 * what the instance sends and what it accepts. Each advert sent takes the next number; an advert
 * received is accepted only when its SPI is its sender's address, its ICV verifies and its number
 * is above the counter, which then moves to it. So a restarted peer (starting again at 1) is
 * refused until it has heard the running one and continues above it, as a keepalived peer does.
 * Timer thread.
 */
final class AhAuth {

    /** What the receive check decided: dropped for a reason, or the VRRP packet out of its AH header. */
    record Verdict(DropReason dropped, ReceivedPacket vrrp) {}

    private static final long MASK = 0xffff_ffffL;

    private final byte[] key;
    /** A unicast instance: the TTL is not covered by the ICV (see {@link IpsecAh}). */
    private final boolean unicast;

    private long counter;
    private int ipId;

    AhAuth(String password, boolean unicast) {
        this.key = IpsecAh.key(password);
        this.unicast = unicast;
    }

    /** The instance's AH, or null when it authenticates otherwise (or not at all). */
    static AhAuth of(Authentication auth, boolean unicast) {
        return auth != null && "AH".equalsIgnoreCase(auth.type()) ? new AhAuth(auth.password(), unicast) : null;
    }

    /** The whole IPv4 datagram for this VRRP packet, with the next sequence number and IP id. */
    byte[] sign(byte[] vrrp, InetAddress source, InetAddress destination, int ttl) {
        counter = (counter + 1) & MASK;
        ipId = (ipId + 1) & 0xffff;
        return IpsecAh.sign(vrrp, (Inet4Address) source, (Inet4Address) destination, ttl, ipId, counter, key, unicast);
    }

    Verdict check(ReceivedPacket p) {
        byte[] payload = p.payload();
        if (!IpsecAh.present(payload) || IpsecAh.spi(payload) != IpsecAh.spiOf(p.source())) {
            return new Verdict(DropReason.AH_SPI, null);
        }
        if (!IpsecAh.verify(p.ipHeader(), payload, key, unicast)) {
            return new Verdict(DropReason.AH_ICV, null);
        }
        long sequence = IpsecAh.sequence(payload);
        if (sequence <= counter) {
            return new Verdict(DropReason.AH_REPLAY, null);
        }
        counter = sequence;
        return new Verdict(
                null,
                new ReceivedPacket(
                        IpsecAh.strip(payload),
                        p.source(),
                        p.destination(),
                        p.ttl(),
                        p.interfaceIndex(),
                        p.arrivalNanos(),
                        p.ipHeader()));
    }

    /** The counter: the last number sent or accepted. */
    long counter() {
        return counter;
    }
}
