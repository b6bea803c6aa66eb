package org.keepalivedj.netlink;

import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.net.RouteMetric;

/**
 * The less common attributes of a {@link Route}.
 *
 * @param from       source prefix of a source-specific route (RTA_SRC), or null
 * @param protocol   RTPROT_* to install with, or null for keepalived's (18)
 * @param tos        rtm_tos
 * @param onlink     RTNH_F_ONLINK: the gateway is on the link even if no prefix says so
 * @param realms     RTA_FLOW, or null
 * @param metrics    RTA_METRICS values; locked ones also go in RTAX_LOCK
 */
public record RouteOptions(
        InetAddress from,
        int fromLength,
        Integer protocol,
        int tos,
        boolean onlink,
        Integer realms,
        Map<RouteMetric, Long> metrics,
        Set<RouteMetric> locked) {
    public static final RouteOptions NONE = new RouteOptions(null, 0, null, 0, false, null, Map.of(), Set.of());

    public RouteOptions {
        metrics = metrics.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(metrics));
        locked = locked.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(locked));
    }
}
