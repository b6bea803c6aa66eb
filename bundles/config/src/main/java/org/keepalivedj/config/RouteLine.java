package org.keepalivedj.config;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.RouteMetric;
import org.keepalivedj.api.net.RouteType;

/**
 * A route line of virtual_routes or static_routes in ip-route syntax, options in any order:
 * {@code [TYPE] [to] DEST|default [src A] [via [inet|inet6] A] [dev IF] [table T] [metric N] ...}
 * into a checked {@link IpRoute}, or null after an error.
 */
final class RouteLine {
    /** Words that end an encap clause we skip. */
    private static final Set<String> KEYWORDS = Set.of(
            "to",
            "src",
            "from",
            "via",
            "gw",
            "or",
            "dev",
            "oif",
            "table",
            "lookup",
            "metric",
            "priority",
            "preference",
            "scope",
            "protocol",
            "proto",
            "tos",
            "dsfield",
            "realms",
            "onlink",
            "nexthop",
            "no_track",
            "track_group",
            "append",
            "inet",
            "inet6",
            "encap",
            "vrf",
            "expires",
            "pref",
            "rtt",
            "rttvar",
            "rto_min",
            "features",
            "congctl",
            "ttl-propagate",
            "pervasive");

    private final LineCursor c;
    private final IpValues ip;
    private RouteType type = RouteType.UNICAST;
    private Token destToken;
    private IpPrefix destination;
    private IpPrefix from;
    private Token fromToken;
    private InetAddress source;
    private Token sourceToken;
    private InetAddress via;
    private Token viaToken;
    /** The gateway was written with its family ("via inet6 A"). */
    private boolean viaFamily;

    private String device;
    private int table = IpRoute.MAIN_TABLE;
    private Integer metric;
    private AddressScope scope;
    private Integer protocol;
    private int tos;
    private boolean onlink;
    private Integer realms;
    private final Map<RouteMetric, Long> metrics = new EnumMap<>(RouteMetric.class);
    private final Set<RouteMetric> locked = EnumSet.noneOf(RouteMetric.class);
    private boolean noTrack;
    private String trackGroup;
    private Family family;

    private RouteLine(LineCursor c, IpValues ip) {
        this.c = c;
        this.ip = ip;
    }

    static IpRoute parse(ConfigNode line, String block, IpValues ip, ProblemSink sink) {
        RouteLine r = new RouteLine(new LineCursor(line, block, sink), ip);
        RouteType leading = RouteType.ofKeyword(line.name());
        if (leading != null) {
            r.type = leading;
            r.c.next();
        }
        while (r.c.more()) {
            r.option(r.c.next());
        }
        return r.build(line);
    }

    private void option(Token option) {
        String word = option.text();
        RouteMetric m = RouteMetric.ofKeyword(word);
        if (m != null) {
            metric(option, m);
            return;
        }
        switch (word) {
            case "to" -> destination(c.value(option));
            case "src" -> {
                sourceToken = c.value(option);
                source = c.address(option, sourceToken, null);
            }
            case "from" -> {
                fromToken = c.value(option);
                from = c.prefix(option, fromToken, null);
            }
            case "via", "gw" -> {
                Token v = c.value(option);
                viaFamily = v != null && (v.text().equals("inet") || v.text().equals("inet6"));
                if (viaFamily) {
                    v = c.value(v);
                }
                viaToken = v;
                via = c.address(option, v, null);
            }
            case "dev", "oif" -> device = c.device(option, c.value(option), ip.links());
            case "table", "lookup" -> table = Objects.requireNonNullElse(ip.table(c, option, c.value(option)), table);
            case "metric", "priority", "preference" -> metric = c.intNumber(option, c.value(option), 0, LineCursor.U32);
            case "scope" -> scope = ip.scope(c, option, c.value(option));
            case "protocol", "proto" -> protocol = ip.protocol(c, option, c.value(option));
            case "tos", "dsfield" -> tos = Objects.requireNonNullElse(ip.tos(c, option, c.value(option)), 0);
            case "realms" -> realms = ip.realms(c, option, c.value(option));
            case "onlink" -> onlink = true;
            case "inet" -> family = Family.INET;
            case "inet6" -> family = Family.INET6;
            case "no_track" -> {
                noTrack = true;
                c.noTrack(option, "routes");
            }
            case "track_group" -> trackGroup = c.trackGroup(option, "static_routes", "routes");
            case "or" -> {
                if (c.address(option, c.value(option), null) != null) {
                    c.noEffect(option, "alternative gateways are not programmed");
                }
            }
            case "rtt", "rttvar", "rto_min", "congctl" -> {
                Token v = c.value(option);
                if (v != null && v.text().equals("lock")) {
                    c.value(v);
                }
                c.noEffect(option, "this route metric is not programmed");
            }
            case "features" -> {
                c.value(option);
                c.noEffect(option, "route features are not programmed");
            }
            case "expires", "pref", "vrf", "ttl-propagate" -> {
                c.value(option);
                c.noEffect(option, "not programmed");
            }
            case "append" -> c.noEffect(option, "routes are added, never appended");
            case "pervasive" -> c.noEffect(option, "not programmed");
            case "nexthop" -> {
                skipNexthop();
                c.noEffect(option, "multipath routes are not programmed; the route is added without its nexthops");
            }
            case "encap" -> {
                skipClause();
                c.noEffect(option, "lightweight tunnel encapsulation is not programmed");
            }
            default -> {
                if (word.equals("default") || IpAddresses.isAddress(word.split("/", 2)[0])) {
                    destination(option);
                } else {
                    c.unknown(option, "route");
                }
            }
        }
    }

    private void destination(Token value) {
        if (value == null) {
            return;
        }
        if (destToken != null) {
            c.error(value, "route has two destinations (" + destToken.text() + " and " + value.text() + ")");
            return;
        }
        destToken = value;
        if (!value.text().equals("default")) {
            destination = c.prefix(null, value, null);
        }
    }

    /** mtu [lock] N, and the others of {@link RouteMetric}. */
    private void metric(Token option, RouteMetric m) {
        Token v = c.value(option);
        if (v != null && v.text().equals("lock")) {
            locked.add(m);
            v = c.value(v);
        }
        long max = m == RouteMetric.QUICKACK || m == RouteMetric.FASTOPEN_NO_COOKIE ? 1 : LineCursor.U32;
        Long n = c.number(option, v, 0, max);
        if (n != null) {
            metrics.put(m, n);
        }
    }

    /** A nexthop's own words: via|gw A, dev IF, weight N, onlink, pervasive. */
    private void skipNexthop() {
        while (c.more()) {
            String w = c.peek();
            if (w.equals("via") || w.equals("gw") || w.equals("dev") || w.equals("weight")) {
                c.value(c.next());
            } else if (w.equals("onlink") || w.equals("pervasive")) {
                c.next();
            } else {
                return;
            }
        }
    }

    /** The words of an encap clause, up to the next route keyword. */
    private void skipClause() {
        while (c.more() && !KEYWORDS.contains(c.peek()) && RouteMetric.ofKeyword(c.peek()) == null) {
            c.next();
        }
    }

    private IpRoute build(ConfigNode line) {
        if (destToken == null) {
            c.error(line.keyword(), "route has no destination");
            return null;
        }
        Family f = destination != null
                ? destination.family()
                : family != null
                        ? family
                        : via != null ? Family.of(via) : source != null ? Family.of(source) : Family.INET;
        if (destination == null && destToken.text().equals("default")) {
            destination = IpPrefix.parse(f == Family.INET6 ? "::/0" : "0.0.0.0/0");
        }
        if (source != null && Family.of(source) != f) {
            c.error(sourceToken, "src " + sourceToken.text() + " is not " + Lines.describe(f));
        }
        if (via != null && !viaFamily && Family.of(via) != f) {
            // as ip: another family's gateway (RFC 5549) only when written "via inet6 A" / "via inet A"
            c.error(viaToken, "via " + viaToken.text() + " is not " + Lines.describe(f));
        }
        if (from != null && from.family() != f) {
            c.error(fromToken, "from " + fromToken.text() + " is not " + Lines.describe(f));
        } else if (from != null && f == Family.INET) {
            c.warning(fromToken, "from has no effect in keepalived-j (Linux has source-specific routes for IPv6 only)");
            from = null;
        }
        if (c.failed()) {
            return null;
        }
        return new IpRoute(
                Origin.at(line.location()),
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
                noTrack,
                trackGroup);
    }
}
