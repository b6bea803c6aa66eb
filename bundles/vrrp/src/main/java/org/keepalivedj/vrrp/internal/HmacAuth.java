package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.keepalivedj.api.model.HmacAuthentication;
import org.keepalivedj.api.model.HmacAuthentication.AntiReplay;
import org.keepalivedj.api.model.HmacAuthentication.Mode;
import org.keepalivedj.vrrp.DropReason;
import org.keepalivedj.vrrp.HmacTrailer;

/**
 * One instance's auth_hmac (keepalived 2.4): signs what it sends with the active key and a
 * time-based sequence, and checks what it receives: trailer present (or allowed to be missing),
 * known key, fresh (anti_replay time), HMAC, then a sequence above the sender's last one. The
 * sender's mark only moves on an advert whose HMAC verified. Timer thread.
 */
final class HmacAuth {
    /** Senders whose replay mark is kept (peers, or multicast senders: only key holders get one). */
    private static final int MAX_SENDERS = 64;

    /** What the receive check decided: dropped for a reason, or the VRRP packet without its trailer. */
    record Verdict(DropReason dropped, byte[] vrrp) {}

    private final HmacAuthentication config;
    private final LongSupplier epochNanos;
    private final Map<InetAddress, Long> marks = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Long> eldest) {
            return size() > MAX_SENDERS;
        }
    };
    private long lastSent;
    private boolean sentAny;

    HmacAuth(HmacAuthentication config, LongSupplier epochNanos) {
        this.config = config;
        this.epochNanos = epochNanos;
    }

    /** The instance's auth_hmac, or null when it has none. */
    static HmacAuth of(HmacAuthentication config) {
        return config == null ? null : new HmacAuth(config, HmacAuth::now);
    }

    private static long now() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /**
     * The sequence of the next advertisement (every copy of it, one per unicast peer, carries the
     * same), or -1 in receive-only mode, which sends unsigned adverts. Always above the last one
     * sent, unless anti_replay time finds that one past the window (the clock was stepped back):
     * then the clock's own.
     */
    synchronized long nextSequence() {
        if (config.mode() == Mode.RECEIVE_ONLY) {
            return -1;
        }
        long clock = HmacTrailer.sequenceAt(epochNanos.getAsLong(), 0);
        long next = clock;
        if (sentAny && lastSent - clock >= 0) {
            boolean stranded = config.antiReplay() == AntiReplay.TIME
                    && secondsApart(lastSent, clock) > config.timeWindow().toSeconds();
            next = stranded ? clock : lastSent + 1;
        }
        lastSent = next;
        sentAny = true;
        return next;
    }

    /** The VRRP packet signed with the active key at this sequence (from {@link #nextSequence}). */
    byte[] sign(byte[] vrrp, InetAddress source, long sequence) {
        return HmacTrailer.sign(vrrp, source, config.activeKey(), sequence, config.key(config.activeKey()));
    }

    synchronized Verdict check(byte[] payload, InetAddress source, boolean ipv6) {
        if (!HmacTrailer.present(payload, ipv6)) {
            // permissive and receive-only take unsigned adverts while a group migrates
            return config.mode() == Mode.ENFORCE
                    ? new Verdict(DropReason.HMAC_MISSING, null)
                    : new Verdict(null, payload);
        }
        byte[] key = config.key(HmacTrailer.keyId(payload));
        if (HmacTrailer.type(payload) != HmacTrailer.TYPE_SHA256 || key == null) {
            return new Verdict(DropReason.HMAC_INVALID, null);
        }
        long sequence = HmacTrailer.sequence(payload);
        long clock = HmacTrailer.sequenceAt(epochNanos.getAsLong(), 0);
        boolean timed = config.antiReplay() == AntiReplay.TIME;
        long window = config.timeWindow().toSeconds();
        // before the digest: a flood of stale captures costs no HMAC
        if (timed && secondsApart(sequence, clock) > window) {
            return new Verdict(DropReason.HMAC_STALE, null);
        }
        if (!HmacTrailer.verify(payload, source, key)) {
            return new Verdict(DropReason.HMAC_INVALID, null);
        }
        Long mark = marks.get(source);
        // a mark outside the window only orders adverts the window refuses anyway: forget it
        boolean markCounts = mark != null && !(timed && secondsApart(mark, clock) > window);
        if (markCounts && sequence - mark <= 0) {
            return new Verdict(DropReason.HMAC_REPLAY, null);
        }
        marks.put(source, sequence);
        return new Verdict(null, HmacTrailer.strip(payload));
    }

    /** How far apart the seconds of two sequences are (32-bit serial arithmetic, so a wrap is no cliff). */
    private static long secondsApart(long a, long b) {
        return Math.abs((long) (int) (HmacTrailer.seconds(a) - HmacTrailer.seconds(b)));
    }
}
