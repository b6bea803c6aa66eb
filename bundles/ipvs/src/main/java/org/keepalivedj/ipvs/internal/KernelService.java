package org.keepalivedj.ipvs.internal;

import java.util.Objects;
import org.keepalivedj.api.lvs.ServiceKey;

/**
 * A virtual service in the kernel's own terms.
 *
 * @param flags   IP_VS_SVC_F_* without the kernel's own HASHED bit
 * @param netmask persistence granularity: an IPv4 mask as a big-endian int, or an IPv6 prefix length
 * @param persistenceEngine null when none
 */
record KernelService(
        ServiceKey key, String scheduler, int flags, int timeoutSeconds, int netmask, String persistenceEngine) {
    KernelService {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheduler, "scheduler");
        flags &= ~Ipvs.SVC_F_HASHED;
    }

    /** True when a SET_SERVICE is needed to turn this into {@code wanted}. */
    boolean differsFrom(KernelService wanted) {
        return !scheduler.equals(wanted.scheduler)
                || flags != wanted.flags
                || timeoutSeconds != wanted.timeoutSeconds
                || netmask != wanted.netmask
                || !Objects.equals(persistenceEngine, wanted.persistenceEngine);
    }
}
