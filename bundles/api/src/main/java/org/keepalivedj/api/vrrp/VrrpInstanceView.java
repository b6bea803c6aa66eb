package org.keepalivedj.api.vrrp;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A running VRRP instance as management sees it. Reads are snapshots and may be called from any
 * thread; operations are handed to the VRRP timer thread and take effect shortly after.
 */
public interface VrrpInstanceView {

    String name();

    InstanceState state();

    /** The state configured with {@code state} (MASTER or BACKUP). */
    InstanceState wantedState();

    int basePriority();

    /** The priority after tracking weights (and any override), the one advertised. */
    int effectivePriority();

    int virtualRouterId();

    String interfaceName();

    /** 2 or 3. */
    int version();

    Duration advertInterval();

    /** The current master's address (ours when MASTER), or null if none is known. */
    InetAddress masterAddress();

    /** The priority last advertised by the master, or -1 if none is known. */
    int masterPriority();

    /** The virtual addresses, as {@code 192.0.2.100/24 dev eth0}. */
    List<String> virtualAddresses();

    /** When the state last changed. */
    Instant lastTransition();

    /** Why the instance is in FAULT (empty otherwise), e.g. {@code interface eth0 down}. */
    List<String> faultReasons();

    /**
     * Statistics named after RFC 6527's vrrpv3Statistics and RFC 2787's auth counters:
     * masterTransitions, advertisementsReceived, advertisementsSent, advertIntervalErrors,
     * ipTtlErrors, priorityZeroReceived, priorityZeroSent, invalidTypeReceived, addressListErrors,
     * packetLengthErrors, checksumErrors, versionErrors, authFailures, invalidAuthType,
     * authTypeMismatch; and auth_hmac's drops: hmacMissing, hmacInvalid, hmacStale, hmacReplays.
     */
    Map<String, Long> counters();

    /** Replaces the base priority until {@link #clearPriorityOverride()} (1-254, or 255 only for an owner). */
    void setPriorityOverride(int priority);

    void clearPriorityOverride();

    /** A MASTER sends priority 0 and becomes BACKUP (a backup takes over after Skew_Time). */
    void giveUpMaster();

    /** A MASTER sends gratuitous ARP / unsolicited NA for its addresses now. */
    void sendGarp();
}
