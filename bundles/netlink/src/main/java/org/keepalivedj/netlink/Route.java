package org.keepalivedj.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.RouteType;

/**
 * A route to add or delete. Build it with {@link #to} and the {@code with}-style methods:
 * {@code Route.to(dst, 24).via(gw).dev("eth0").table(100).metric(5)}.
 *
 * @param source   preferred source address (RTA_PREFSRC), or null
 * @param device   output interface name, or null
 * @param table    routing table (main = 254)
 * @param metric   priority, or null
 * @param gateway  next hop, or null; of the other family it goes as RTA_VIA (an IPv4 route via IPv6)
 * @param scope    scope, or null to choose like ip does (link for a direct unicast route, else global)
 * @param options  the less common attributes
 */
public record Route(
        InetAddress destination,
        int prefixLength,
        InetAddress gateway,
        InetAddress source,
        String device,
        int table,
        Integer metric,
        AddressScope scope,
        RouteType type,
        RouteOptions options) {

    public static final int MAIN_TABLE = 254;

    public Route {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
        int max = destination instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException(
                    "prefix length " + prefixLength + " out of range for " + IpAddresses.format(destination));
        }
    }

    public static Route to(InetAddress destination, int prefixLength) {
        return new Route(
                destination,
                prefixLength,
                null,
                null,
                null,
                MAIN_TABLE,
                null,
                null,
                RouteType.UNICAST,
                RouteOptions.NONE);
    }

    public Route via(InetAddress gw) {
        return new Route(destination, prefixLength, gw, source, device, table, metric, scope, type, options);
    }

    public Route src(InetAddress src) {
        return new Route(destination, prefixLength, gateway, src, device, table, metric, scope, type, options);
    }

    public Route dev(String dev) {
        return new Route(destination, prefixLength, gateway, source, dev, table, metric, scope, type, options);
    }

    public Route table(int t) {
        return new Route(destination, prefixLength, gateway, source, device, t, metric, scope, type, options);
    }

    public Route metric(Integer m) {
        return new Route(destination, prefixLength, gateway, source, device, table, m, scope, type, options);
    }

    public Route scope(AddressScope s) {
        return new Route(destination, prefixLength, gateway, source, device, table, metric, s, type, options);
    }

    public Route type(RouteType t) {
        return new Route(destination, prefixLength, gateway, source, device, table, metric, scope, t, options);
    }

    public Route options(RouteOptions o) {
        return new Route(destination, prefixLength, gateway, source, device, table, metric, scope, type, o);
    }

    public boolean isIpv4() {
        return destination instanceof Inet4Address;
    }

    /** The scope sent to the kernel when none was given. */
    public AddressScope effectiveScope() {
        if (scope != null) {
            return scope;
        }
        if (type == RouteType.LOCAL) {
            return AddressScope.HOST;
        }
        return type == RouteType.UNICAST && gateway == null ? AddressScope.LINK : AddressScope.GLOBAL;
    }

    @Override
    public String toString() {
        return (type != RouteType.UNICAST ? type.keyword() + " " : "")
                + IpAddresses.format(destination) + "/" + prefixLength
                + (gateway != null ? " via " + IpAddresses.format(gateway) : "")
                + (device != null ? " dev " + device : "")
                + (source != null ? " src " + IpAddresses.format(source) : "")
                + (table != MAIN_TABLE ? " table " + table : "") + (metric != null ? " metric " + metric : "");
    }
}
