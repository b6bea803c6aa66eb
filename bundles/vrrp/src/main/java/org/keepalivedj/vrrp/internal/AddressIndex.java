package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which running instances an address event concerns, so that an event touches those only: a
 * failover adds and removes every VIP of its instances, one event each. An instance is concerned
 * by a removed address it holds as a tracked VIP, by any change of the source address its
 * track_src_ip watches, and, while it waits for its interface or address, by any added address.
 * Timer thread.
 *
 * @param <T> the instance
 */
final class AddressIndex<T> {

    private final Map<InetAddress, Set<T>> byTrackedVip = new HashMap<>();
    private final Map<InetAddress, Set<T>> bySource = new HashMap<>();
    private final Set<T> waiting = new LinkedHashSet<>();

    /** The instance runs: it holds these tracked VIPs (when MASTER) and watches this source address (or null). */
    void add(T instance, Collection<InetAddress> trackedVips, InetAddress watchedSource) {
        for (InetAddress a : trackedVips) {
            byTrackedVip.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(instance);
        }
        if (watchedSource != null) {
            bySource.computeIfAbsent(watchedSource, k -> new LinkedHashSet<>()).add(instance);
        }
    }

    /** The instance stopped: no event concerns it any more. */
    void remove(T instance) {
        byTrackedVip.values().removeIf(s -> s.remove(instance) && s.isEmpty());
        bySource.values().removeIf(s -> s.remove(instance) && s.isEmpty());
        waiting.remove(instance);
    }

    /** Whether the instance lacks its socket and waits for its interface or address to come. */
    void waiting(T instance, boolean waits) {
        if (waits) {
            waiting.add(instance);
        } else {
            waiting.remove(instance);
        }
    }

    /** The instances that hold this address as a tracked VIP (a copy). */
    List<T> holdingTracked(InetAddress address) {
        return List.copyOf(byTrackedVip.getOrDefault(address, Set.of()));
    }

    /** The instances whose track_src_ip watches this address (a copy). */
    List<T> watchingSource(InetAddress address) {
        return List.copyOf(bySource.getOrDefault(address, Set.of()));
    }

    /** The instances waiting for an interface or address (a copy: a reattached one leaves the set). */
    List<T> waiting() {
        return List.copyOf(waiting);
    }
}
