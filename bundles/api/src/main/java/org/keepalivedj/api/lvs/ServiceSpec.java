package org.keepalivedj.api.lvs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One virtual service as the data plane should hold it: scheduler (rr, wrr, sh, ...), its flags
 * (sh-port, sh-fallback, mh-port, mh-fallback, ops), persistence, and the destinations currently
 * in it (real servers that are up, or held at weight 0, or the sorry server).
 *
 * @param persistenceTimeout null when not persistent
 * @param persistenceNetmask persistence granularity (an IPv4 netmask or IPv6 prefix length), or null
 */
public record ServiceSpec(
        ServiceKey key,
        String scheduler,
        List<String> schedulerFlags,
        Duration persistenceTimeout,
        String persistenceNetmask,
        List<Destination> destinations) {
    public ServiceSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheduler, "scheduler");
        schedulerFlags = List.copyOf(schedulerFlags);
        destinations = List.copyOf(destinations);
    }
}
