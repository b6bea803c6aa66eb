package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.util.Map;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.NumberRange;
import org.keepalivedj.api.net.RouteMetric;
import org.keepalivedj.api.net.RouteType;
import org.keepalivedj.api.net.RuleAction;

/**
 * The config file's text of the model: a word as the reader reads it back, and the canonical text
 * of an address, route or rule line (the dump, the kernel requests' descriptions, the logs): numbers
 * for named values (tables, protocols, realms), which both ip and keepalived accept, only what is
 * set, and spelled as keepalived 2.2.7 reads it (ipproto, port ranges, inet6 last).
 */
public final class ConfigLines {
    private final StringBuilder sb = new StringBuilder();

    private ConfigLines(String first) {
        sb.append(first);
    }

    public static String address(VirtualAddress a) {
        ConfigLines t = new ConfigLines(a.address().toString());
        t.word("dev", a.device());
        t.flag("use_vmac", a.useVmac());
        if (!a.scope().equals(AddressScope.GLOBAL)) {
            t.word("scope", a.scope().name());
        }
        t.word("brd", a.broadcast());
        t.word("label", a.label());
        for (AddressFlag f : a.flags()) {
            t.flag(f.keyword(), true);
        }
        t.flag("no_track", a.noTrack());
        t.word("track_group", a.trackGroup());
        return t.toString();
    }

    public static String route(IpRoute r) {
        ConfigLines t =
                new ConfigLines(r.type() == RouteType.UNICAST ? "" : r.type().keyword() + " ");
        t.sb.append(r.destination());
        t.word("from", r.from() == null ? null : r.from().toString());
        t.word("src", r.source());
        if (r.via() != null) {
            boolean otherFamily = Family.of(r.via()) != r.family();
            t.words(
                    "via",
                    (otherFamily ? (Family.of(r.via()) == Family.INET6 ? "inet6 " : "inet ") : "")
                            + IpAddresses.format(r.via()));
        }
        t.word("dev", r.device());
        if (r.table() != IpRoute.MAIN_TABLE) {
            t.word("table", r.table());
        }
        t.word("metric", r.metric() == null ? null : Integer.toUnsignedString(r.metric()));
        t.word("scope", r.scope() == null ? null : r.scope().name());
        t.word("protocol", r.protocol());
        t.word("tos", r.tos() == 0 ? null : r.tos());
        t.word("realms", realms(r.realms()));
        t.flag("onlink", r.onlink());
        for (Map.Entry<RouteMetric, Long> m : r.metrics().entrySet()) {
            t.words(m.getKey().keyword(), (r.locked().contains(m.getKey()) ? "lock " : "") + m.getValue());
        }
        t.flag("no_track", r.noTrack());
        t.word("track_group", r.trackGroup());
        return t.toString();
    }

    public static String rule(IpRule r) {
        ConfigLines t = new ConfigLines(r.invert() ? "not " : "");
        t.sb.append("from ").append(r.from() == null ? "all" : r.from().toString());
        t.word("to", r.to() == null ? null : r.to().toString());
        t.word("priority", r.priority() == null ? null : Integer.toUnsignedString(r.priority()));
        t.word("tos", r.tos() == 0 ? null : r.tos());
        if (r.fwmark() != null) {
            t.word(
                    "fwmark",
                    "0x" + Long.toHexString(r.fwmark())
                            + (r.fwmask() == null ? "" : "/0x" + Long.toHexString(r.fwmask())));
        }
        t.word("iif", r.inInterface());
        t.word("oif", r.outInterface());
        t.flag("l3mdev", r.l3mdev());
        if (r.action() == RuleAction.TABLE && !r.l3mdev()) {
            t.word("table", r.table());
        } else if (r.action() == RuleAction.GOTO) {
            t.word("goto", Integer.toUnsignedString(r.gotoPriority()));
        } else if (r.action() != RuleAction.TABLE) {
            t.flag(r.action().keyword(), true);
        }
        t.word("realms", realms(r.realms()));
        t.word("suppress_prefixlength", r.suppressPrefixLength());
        t.word("suppress_ifgroup", r.suppressIfgroup() == null ? null : Integer.toUnsignedString(r.suppressIfgroup()));
        t.word("uidrange", range(r.uidRange()));
        t.word("protocol", r.protocol());
        t.word("ipproto", r.ipProto());
        t.word("sport", range(r.sourcePorts()));
        t.word("dport", range(r.destinationPorts()));
        t.flag("no_track", r.noTrack());
        t.word("track_group", r.trackGroup());
        // last: keepalived 2.2.7 takes the word after "inet6" for its own
        t.flag("inet6", r.from() == null && r.to() == null && r.family() == Family.INET6);
        return t.toString();
    }

    /** N-M even when N = M: keepalived 2.2.7 takes only ranges for sport and dport. */
    private static String range(NumberRange range) {
        return range == null ? null : range.first() + "-" + range.last();
    }

    private static String realms(Integer realms) {
        return realms == null ? null : (realms >>> 16) + "/" + (realms & 0xffff);
    }

    private void word(String keyword, Object value) {
        if (value != null) {
            String text = value instanceof InetAddress a ? IpAddresses.format(a) : value.toString();
            sb.append(' ').append(keyword).append(' ').append(quote(text));
        }
    }

    /** Words of our own making (no quoting): "inet6 2001:db8::1", "lock 1400". */
    private void words(String keyword, String text) {
        sb.append(' ').append(keyword).append(' ').append(text);
    }

    private void flag(String keyword, boolean set) {
        if (set) {
            sb.append(' ').append(keyword);
        }
    }

    /** The word as the reader will read it back: quoted (with escapes) when it holds blanks or syntax. */
    public static String quote(String word) {
        // a leading @ or ~ would read back as a conditional or a line repeater
        boolean plain = !word.isEmpty() && word.charAt(0) != '@' && word.charAt(0) != '~';
        for (int i = 0; i < word.length() && plain; i++) {
            char c = word.charAt(i);
            plain = c > ' ' && c != '"' && c != '#' && c != '!' && c != '{' && c != '}' && c != '\\' && c != 0x7f;
        }
        if (plain) {
            return word;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : word.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < ' ' || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
