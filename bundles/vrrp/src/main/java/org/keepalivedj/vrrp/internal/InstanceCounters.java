package org.keepalivedj.vrrp.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.vrrp.DropReason;

/** Per-instance statistics (RFC 6527 vrrpv3Statistics, RFC 2787 auth counters). Thread-safe reads. */
final class InstanceCounters {
    final AtomicLong masterTransitions = new AtomicLong();
    /** Times it left MASTER (keepalived's release_master). */
    final AtomicLong masterReleases = new AtomicLong();

    final AtomicLong advertisementsReceived = new AtomicLong();
    final AtomicLong advertisementsSent = new AtomicLong();
    final AtomicLong advertIntervalErrors = new AtomicLong();
    final AtomicLong ipTtlErrors = new AtomicLong();
    final AtomicLong priorityZeroReceived = new AtomicLong();
    final AtomicLong priorityZeroSent = new AtomicLong();
    final AtomicLong invalidTypeReceived = new AtomicLong();
    final AtomicLong addressListErrors = new AtomicLong();
    final AtomicLong packetLengthErrors = new AtomicLong();
    final AtomicLong checksumErrors = new AtomicLong();
    final AtomicLong versionErrors = new AtomicLong();
    final AtomicLong authFailures = new AtomicLong();
    final AtomicLong invalidAuthType = new AtomicLong();
    final AtomicLong authTypeMismatch = new AtomicLong();
    /** auth_hmac: adverts without a trailer (enforce), with a bad one, stale, or replayed. */
    final AtomicLong hmacMissing = new AtomicLong();

    final AtomicLong hmacInvalid = new AtomicLong();
    final AtomicLong hmacStale = new AtomicLong();
    final AtomicLong hmacReplays = new AtomicLong();
    final AtomicLong otherDrops = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();

    /** Counts a dropped packet under the counter for its reason. */
    void dropped(DropReason reason) {
        switch (reason) {
            case PACKET_LENGTH -> packetLengthErrors.incrementAndGet();
            case VERSION -> versionErrors.incrementAndGet();
            case INVALID_TYPE -> invalidTypeReceived.incrementAndGet();
            case CHECKSUM -> checksumErrors.incrementAndGet();
            case TTL -> ipTtlErrors.incrementAndGet();
            case AUTH_TYPE_MISMATCH -> authTypeMismatch.incrementAndGet();
            case INVALID_AUTH_TYPE -> invalidAuthType.incrementAndGet();
            // keepalived counts every AH refusal as an authentication failure
            case AUTH_FAILURE, AH_SPI, AH_ICV, AH_REPLAY -> authFailures.incrementAndGet();
            case ADVERT_INTERVAL -> advertIntervalErrors.incrementAndGet();
            case HMAC_MISSING -> hmacMissing.incrementAndGet();
            case HMAC_INVALID -> hmacInvalid.incrementAndGet();
            case HMAC_STALE -> hmacStale.incrementAndGet();
            case HMAC_REPLAY -> hmacReplays.incrementAndGet();
            default -> otherDrops.incrementAndGet();
        }
    }

    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("masterTransitions", masterTransitions.get());
        m.put("masterReleases", masterReleases.get());
        m.put("advertisementsReceived", advertisementsReceived.get());
        m.put("advertisementsSent", advertisementsSent.get());
        m.put("advertIntervalErrors", advertIntervalErrors.get());
        m.put("ipTtlErrors", ipTtlErrors.get());
        m.put("priorityZeroReceived", priorityZeroReceived.get());
        m.put("priorityZeroSent", priorityZeroSent.get());
        m.put("invalidTypeReceived", invalidTypeReceived.get());
        m.put("addressListErrors", addressListErrors.get());
        m.put("packetLengthErrors", packetLengthErrors.get());
        m.put("checksumErrors", checksumErrors.get());
        m.put("versionErrors", versionErrors.get());
        m.put("authFailures", authFailures.get());
        m.put("invalidAuthType", invalidAuthType.get());
        m.put("authTypeMismatch", authTypeMismatch.get());
        m.put("hmacMissing", hmacMissing.get());
        m.put("hmacInvalid", hmacInvalid.get());
        m.put("hmacStale", hmacStale.get());
        m.put("hmacReplays", hmacReplays.get());
        m.put("otherDrops", otherDrops.get());
        m.put("sendErrors", sendErrors.get());
        return m;
    }
}
