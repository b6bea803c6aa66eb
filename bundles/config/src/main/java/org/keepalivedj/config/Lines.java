package org.keepalivedj.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.TrackRef;
import org.keepalivedj.api.model.UnicastPeer;
import org.keepalivedj.api.model.VirtualAddress;

/** Parsers for the free-form lines of data blocks (addresses, routes, rules, track lists, peers). */
final class Lines {
    private static final Set<String> ADDRESS_VALUE_OPTIONS =
            Set.of("brd", "dev", "scope", "label", "peer", "track_group", "preferred_lft");
    private static final Set<String> ADDRESS_FLAGS = Set.of("home", "-nodad", "noprefixroute", "autojoin", "no_track");
    private static final Set<String> ROUTE_TYPES = Set.of("unicast", "local", "broadcast", "multicast", "throw",
            "unreachable", "prohibit", "blackhole", "nat");
    private static final Set<String> ROUTE_FLAGS = Set.of("onlink", "pervasive", "no_track", "nexthop",
            "lock", "quickack", "fastopen_no_cookie", "ttl-propagate");

    private Lines() {
    }

    /** All words of a line: its keyword then its arguments. */
    static List<String> words(ConfigNode line) {
        List<String> words = new ArrayList<>(line.args().size() + 1);
        words.add(line.name());
        for (Token t : line.args()) {
            words.add(t.text());
        }
        return words;
    }

    /** The arguments' words (without the keyword). */
    static List<String> args(ConfigNode line) {
        List<String> args = new ArrayList<>(line.args().size());
        for (Token t : line.args()) {
            args.add(t.text());
        }
        return args;
    }

    /** {@code ADDR[/LEN] [dev IF] [brd A] [scope S] [label L] [peer A] [home] ...}, or null after an error. */
    static VirtualAddress address(ConfigNode line, String block, ProblemSink sink) {
        List<String> w = words(line);
        IpPrefix prefix = prefix(w.get(0), line, block, sink);
        if (prefix == null) {
            return null;
        }
        String device = null;
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < w.size(); i++) {
            String key = w.get(i);
            if (ADDRESS_FLAGS.contains(key)) {
                options.put(key, "");
            } else if (ADDRESS_VALUE_OPTIONS.contains(key)) {
                if (i + 1 >= w.size()) {
                    sink.error(line.location(), block + ": " + key + " needs a value");
                    return null;
                }
                String value = w.get(++i);
                if ((key.equals("brd") || key.equals("peer")) && !value.equals("+") && !value.equals("-")
                        && !sameFamily(value, prefix.family(), line, block + " " + key, sink)) {
                    return null;
                }
                if (key.equals("dev")) {
                    device = value;
                } else {
                    options.put(key, value);
                }
            } else {
                sink.error(line.location(), block + ": unknown address option " + key);
                return null;
            }
        }
        return new VirtualAddress(Origin.at(line.location()), prefix, device, options);
    }

    static IpPrefix prefix(String text, ConfigNode line, String block, ProblemSink sink) {
        try {
            return IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            sink.error(line.location(), block + ": " + e.getMessage());
            return null;
        }
    }

    private static boolean sameFamily(String text, Family family, ConfigNode line, String what, ProblemSink sink) {
        InetAddress a;
        try {
            a = IpAddresses.parse(text);
        } catch (IllegalArgumentException e) {
            sink.error(line.location(), what + " " + text + " is not an IP address");
            return false;
        }
        if (Family.of(a) != family) {
            sink.error(line.location(), what + " " + text + " is not " + describe(family));
            return false;
        }
        return true;
    }

    static String describe(Family family) {
        return family == Family.INET ? "IPv4" : "IPv6";
    }

    /** {@code [TYPE] DEST|default [src A] [via A] [dev IF] [table T] ...}, or null after an error. */
    static IpRoute route(ConfigNode line, String block, ProblemSink sink) {
        List<String> w = words(line);
        String type = null;
        String dest = null;
        Family family = null;
        int i = 0;
        if (ROUTE_TYPES.contains(w.get(0))) {
            type = w.get(0);
            i = 1;
        }
        for (; i < w.size(); i++) {
            String word = w.get(i);
            if (word.equals("src") || word.equals("via") || word.equals("gw") || word.equals("from")) {
                if (i + 1 >= w.size()) {
                    sink.error(line.location(), block + ": " + word + " needs an address");
                    return null;
                }
                String value = w.get(++i);
                if (word.equals("via") && (value.equals("inet") || value.equals("inet6")) && i + 1 < w.size()) {
                    value = w.get(++i);
                }
                IpPrefix p = prefix(value, line, block, sink);
                if (p == null) {
                    return null;
                }
                if (family == null) {
                    family = p.family();
                } else if (word.equals("src") && family != p.family()) {
                    sink.error(line.location(), block + ": src " + value + " is not " + describe(family));
                    return null;
                }
            } else if (word.equals("to")) {
                if (i + 1 >= w.size()) {
                    sink.error(line.location(), block + ": to needs a destination");
                    return null;
                }
                dest = w.get(++i);
            } else if (dest == null && (word.equals("default") || IpAddresses.isAddress(word.split("/")[0]))) {
                dest = word;
            } else if (!ROUTE_FLAGS.contains(word) && i + 1 < w.size()) {
                i++; // any other keyword of ip route takes one value
            }
        }
        if (dest == null) {
            sink.error(line.location(), block + ": route has no destination");
            return null;
        }
        IpPrefix destination;
        if (dest.equals("default")) {
            destination = family == Family.INET6 ? IpPrefix.parse("::/0") : IpPrefix.parse("0.0.0.0/0");
        } else {
            destination = prefix(dest, line, block, sink);
            if (destination == null) {
                return null;
            }
            if (family != null && family != destination.family()
                    && !(family == Family.INET6 && destination.family() == Family.INET)) {
                sink.error(line.location(), block + ": route " + dest + " mixes address families");
                return null;
            }
        }
        return new IpRoute(Origin.at(line.location()), type, destination, w);
    }

    /** {@code [from P] [to P] [table T] [priority N] ...}, or null after an error. */
    static IpRule rule(ConfigNode line, String block, ProblemSink sink) {
        List<String> w = words(line);
        Family family = null;
        for (int i = 0; i < w.size(); i++) {
            String word = w.get(i);
            if ((word.equals("from") || word.equals("to")) && i + 1 < w.size()) {
                String value = w.get(++i);
                if (value.equals("all")) {
                    continue;
                }
                IpPrefix p = prefix(value, line, block, sink);
                if (p == null) {
                    return null;
                }
                if (family != null && family != p.family()) {
                    sink.error(line.location(), block + ": rule mixes address families");
                    return null;
                }
                family = p.family();
            } else if (word.equals("inet6")) {
                family = Family.INET6;
            }
        }
        return new IpRule(Origin.at(line.location()), family, w);
    }

    /** {@code NAME [weight W [reverse|noreverse]]}, or null after an error. */
    static TrackRef trackRef(ConfigNode line, String block, int maxWeight, ProblemSink sink) {
        List<String> w = words(line);
        Integer weight = null;
        boolean reverse = false;
        for (int i = 1; i < w.size(); i++) {
            String word = w.get(i);
            if (word.equals("weight") && i + 1 < w.size()) {
                Long v = Numbers.parseLong(w.get(++i));
                if (v == null || v < -maxWeight || v > maxWeight) {
                    sink.error(line.location(), block + " " + w.get(0) + ": weight " + w.get(i)
                            + " out of range -" + maxWeight + "-" + maxWeight);
                    return null;
                }
                weight = v.intValue();
            } else if (word.equals("reverse") || word.equals("noreverse")) {
                reverse = word.equals("reverse");
            } else {
                sink.error(line.location(), block + " " + w.get(0) + ": unexpected " + word);
                return null;
            }
        }
        return new TrackRef(Origin.at(line.location()), w.get(0), weight, reverse);
    }

    /** {@code ADDR [min_ttl N] [max_ttl N]}, or null after an error. */
    static UnicastPeer peer(ConfigNode line, ProblemSink sink) {
        List<String> w = words(line);
        InetAddress address;
        try {
            address = IpAddresses.parse(w.get(0));
        } catch (IllegalArgumentException e) {
            sink.error(line.location(), "unicast_peer " + w.get(0) + " is not an IP address");
            return null;
        }
        int minTtl = -1;
        int maxTtl = -1;
        for (int i = 1; i < w.size(); i++) {
            String key = w.get(i);
            Long v = i + 1 < w.size() ? Numbers.parseLong(w.get(i + 1)) : null;
            if (!(key.equals("min_ttl") || key.equals("max_ttl")) || v == null || v < 0 || v > 255) {
                sink.error(line.location(), "unicast_peer " + w.get(0) + ": expected min_ttl|max_ttl 0-255 at " + key);
                return null;
            }
            i++;
            if (key.equals("min_ttl")) {
                minTtl = v.intValue();
            } else {
                maxTtl = v.intValue();
            }
        }
        return new UnicastPeer(Origin.at(line.location()), address, minTtl, maxTtl);
    }

    /** {@code W [reverse]} of a weight keyword in a script, file, process or bfd block. */
    static int[] weight(BlockReader r, String block, int max, int otherwise, ProblemSink sink) {
        ConfigNode n = r.node("weight");
        if (n == null) {
            return new int[] {otherwise, 0};
        }
        List<String> a = n.args().stream().map(Token::text).toList();
        Long v = a.isEmpty() ? null : Numbers.parseLong(a.get(0));
        boolean reverseOk = a.size() == 1 || (a.size() == 2 && (a.get(1).equals("reverse") || a.get(1).equals("noreverse")));
        if (v == null || !reverseOk) {
            sink.error(n.location(), block + ": weight needs a number and optionally reverse");
            return new int[] {otherwise, 0};
        }
        if (v < -max || v > max) {
            sink.error(n.location(), block + ": weight " + a.get(0) + " out of range -" + max + "-" + max);
            return new int[] {otherwise, 0};
        }
        return new int[] {v.intValue(), a.size() == 2 && a.get(1).equals("reverse") ? 1 : 0};
    }
}
