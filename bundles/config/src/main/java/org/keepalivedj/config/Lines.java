package org.keepalivedj.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.TrackRef;
import org.keepalivedj.api.model.UnicastPeer;

/** Parsers for the free-form lines of track lists, peers and weights (addresses, routes, rules: AddressLine, RouteLine, RuleLine). */
final class Lines {
    private Lines() {}

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

    static String describe(Family family) {
        return family == Family.INET ? "IPv4" : "IPv6";
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
                    sink.error(
                            line.location(),
                            block + " " + w.get(0) + ": weight " + w.get(i) + " out of range -" + maxWeight + "-"
                                    + maxWeight);
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
        boolean reverseOk = a.size() == 1
                || (a.size() == 2 && (a.get(1).equals("reverse") || a.get(1).equals("noreverse")));
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
