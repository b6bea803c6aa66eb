package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.RouteMetric;
import org.keepalivedj.api.net.RouteType;

/**
 * One route line in ip-route syntax, {@code [TYPE] DEST [src A] [via A] [dev IF] [table T] ...},
 * every value checked when the config was loaded. Null means "not given" (the kernel's default).
 *
 * @param from       source prefix of a source-specific route (ip's "from"), or null
 * @param source     preferred source address (ip's "src"), or null
 * @param table      the routing table's number (names resolved at load)
 * @param scope      null lets the kernel's rule apply (link for a direct route, else global)
 * @param protocol   RTPROT number, or null for keepalived's (18)
 * @param tos        type of service, 0 for none
 * @param realms     RTA_FLOW value (from realm in the high 16 bits), or null
 * @param metrics    per-route metrics (mtu, advmss, ...) and which of them are locked
 */
public record IpRoute(
        Origin origin,
        RouteType type,
        IpPrefix destination,
        IpPrefix from,
        InetAddress source,
        InetAddress via,
        String device,
        int table,
        Integer metric,
        AddressScope scope,
        Integer protocol,
        int tos,
        boolean onlink,
        Integer realms,
        Map<RouteMetric, Long> metrics,
        Set<RouteMetric> locked,
        boolean noTrack,
        String trackGroup) {
    public static final int MAIN_TABLE = 254;

    public IpRoute {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(destination, "destination");
        metrics = metrics.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(metrics));
        locked = locked.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(locked));
    }

    public Family family() {
        return destination.family();
    }

    /** The line without what only tracking reads (no_track, track_group): the route the kernel holds. */
    public IpRoute inKernel() {
        return new IpRoute(
                origin,
                type,
                destination,
                from,
                source,
                via,
                device,
                table,
                metric,
                scope,
                protocol,
                tos,
                onlink,
                realms,
                metrics,
                locked,
                false,
                null);
    }

    /** The canonical line, as the dump writes it: for logs and the kernel requests' descriptions. */
    @Override
    public String toString() {
        return ConfigLines.route(this);
    }
}
