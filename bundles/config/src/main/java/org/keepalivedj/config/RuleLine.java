package org.keepalivedj.config;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.net.NumberRange;
import org.keepalivedj.api.net.RuleAction;

/**
 * A rule line of virtual_rules or static_rules in ip-rule syntax, options in any order:
 * {@code [not] [from P] [to P] [priority N] [fwmark M[/MASK]] [iif IF] [table T|goto N|TYPE] ...}
 * into a checked {@link IpRule}, or null after an error.
 */
final class RuleLine {
    private static final Map<String, Long> IP_PROTOCOLS = Map.of(
            "icmp",
            1L,
            "tcp",
            6L,
            "udp",
            17L,
            "dccp",
            33L,
            "gre",
            47L,
            "esp",
            50L,
            "ah",
            51L,
            "ipv6-icmp",
            58L,
            "sctp",
            132L,
            "udplite",
            136L);

    private final LineCursor c;
    private final IpValues ip;
    private Family family;
    private Token familyToken;
    private boolean invert;
    private IpPrefix from;
    private IpPrefix to;
    private Integer priority;
    private RuleAction action;
    private int table = IpRoute.MAIN_TABLE;
    private Integer gotoPriority;
    private int tos;
    private Long fwmark;
    private Long fwmask;
    private String iif;
    private String oif;
    private Integer suppressPrefixLength;
    private Integer suppressIfgroup;
    private NumberRange uidRange;
    private boolean l3mdev;
    private Integer protocol;
    private Integer ipProto;
    private NumberRange sport;
    private NumberRange dport;
    private Integer realms;
    private boolean noTrack;
    private String trackGroup;

    private RuleLine(LineCursor c, IpValues ip) {
        this.c = c;
        this.ip = ip;
    }

    static IpRule parse(ConfigNode line, String block, IpValues ip, ProblemSink sink) {
        RuleLine r = new RuleLine(new LineCursor(line, block, sink), ip);
        while (r.c.more()) {
            r.option(r.c.next());
        }
        return r.build(line);
    }

    private void option(Token option) {
        switch (option.text()) {
            case "not" -> invert = true;
            case "from" -> from = prefix(option);
            case "to" -> to = prefix(option);
            case "priority", "preference", "pref", "order" ->
                priority = c.intNumber(option, c.value(option), 0, LineCursor.U32);
            case "tos", "dsfield" -> tos = Objects.requireNonNullElse(ip.tos(c, option, c.value(option)), 0);
            case "fwmark" -> fwmark(option, c.value(option));
            case "iif", "dev" -> iif = c.interfaceName(option, c.value(option));
            case "oif" -> oif = c.interfaceName(option, c.value(option));
            case "table", "lookup" -> {
                action(option, RuleAction.TABLE);
                table = Objects.requireNonNullElse(ip.table(c, option, c.value(option)), table);
            }
            case "goto" -> {
                action(option, RuleAction.GOTO);
                gotoPriority = c.intNumber(option, c.value(option), 0, LineCursor.U32);
            }
            case "type" -> {
                Token t = c.value(option);
                if (t != null) {
                    type(t);
                }
            }
            case "unicast", "blackhole", "unreachable", "prohibit", "nop" -> type(option);
            case "realms" -> realms = ip.realms(c, option, c.value(option));
            case "suppress_prefixlength", "sup_pl" ->
                suppressPrefixLength = c.intNumber(option, c.value(option), 0, 128);
            case "suppress_ifgroup", "sup_group" ->
                suppressIfgroup = c.intNumber(option, c.value(option), 0, LineCursor.U32);
            case "uidrange" -> uidRange = range(option, c.value(option), LineCursor.U32);
            case "l3mdev" -> {
                action(option, RuleAction.TABLE);
                l3mdev = true;
            }
            case "protocol", "proto" -> protocol = ip.protocol(c, option, c.value(option));
            case "ip_proto", "ipproto" -> ipProto = ipProto(option, c.value(option));
            case "sport" -> sport = range(option, c.value(option), 0xffff);
            case "dport" -> dport = range(option, c.value(option), 0xffff);
            case "inet", "inet6" -> family(option, option.text().equals("inet") ? Family.INET : Family.INET6);
            case "nat", "map-to" -> {
                if (c.address(option, c.value(option), null) != null) {
                    c.noEffect(option, "Linux has no rule NAT since 2.6");
                }
            }
            case "no_track" -> {
                noTrack = true;
                c.noTrack(option, "rules");
            }
            case "track_group" -> trackGroup = c.trackGroup(option, "static_rules", "rules");
            default -> c.unknown(option, "rule");
        }
    }

    private IpPrefix prefix(Token option) {
        Token v = c.value(option);
        if (v == null || v.text().equals("all")) {
            return null;
        }
        IpPrefix p = c.prefix(option, v, null);
        if (p != null) {
            family(v, p.family());
        }
        return p;
    }

    private void family(Token at, Family f) {
        if (family != null && family != f) {
            c.error(at, "rule mixes IPv4 and IPv6 (" + familyToken.text() + " and " + at.text() + ")");
            return;
        }
        family = f;
        familyToken = at;
    }

    private void action(Token option, RuleAction a) {
        if (action != null && action != a) {
            c.error(option, option.text() + ": the rule already has the action " + action.keyword());
        }
        action = a;
    }

    private void type(Token t) {
        String word = t.text();
        RuleAction a = word.equals("unicast")
                ? RuleAction.TABLE
                : word.equals("blackhole")
                        ? RuleAction.BLACKHOLE
                        : word.equals("unreachable")
                                ? RuleAction.UNREACHABLE
                                : word.equals("prohibit")
                                        ? RuleAction.PROHIBIT
                                        : word.equals("nop") ? RuleAction.NOP : null;
        if (a == null) {
            c.error(t, "type " + word + " is not unicast, blackhole, unreachable, prohibit or nop");
        } else {
            action(t, a);
        }
    }

    /** MARK[/MASK], each 0-0xffffffff. */
    private void fwmark(Token option, Token value) {
        if (value == null) {
            return;
        }
        String[] parts = value.text().split("/", 2);
        Long mark = LineCursor.parseUnsigned(parts[0]);
        Long mask = parts.length > 1 ? LineCursor.parseUnsigned(parts[1]) : null;
        if (mark == null || (parts.length > 1 && mask == null)) {
            c.error(value, "fwmark " + value.text() + " is not MARK[/MASK] with numbers 0-0xffffffff");
            return;
        }
        fwmark = mark;
        fwmask = mask;
    }

    /** N or N-M. */
    private NumberRange range(Token option, Token value, long max) {
        if (value == null) {
            return null;
        }
        String[] parts = value.text().split("-", 2);
        Long first = LineCursor.parseUnsigned(parts[0]);
        Long last = parts.length > 1 ? LineCursor.parseUnsigned(parts[1]) : first;
        if (first == null || last == null || first > last || last > max) {
            c.error(value, option.text() + " " + value.text() + " is not N or N-M with 0 <= N <= M <= " + max);
            return null;
        }
        return new NumberRange(first, last);
    }

    private Integer ipProto(Token option, Token value) {
        if (value == null) {
            return null;
        }
        Long v = LineCursor.parseUnsigned(value.text());
        if (v == null) {
            v = IP_PROTOCOLS.get(value.text().toLowerCase(Locale.ROOT));
        }
        if (v == null || v > 255) {
            c.error(
                    value,
                    option.text() + " " + value.text() + " is neither a number 0-255 nor one of "
                            + String.join(", ", new java.util.TreeSet<>(IP_PROTOCOLS.keySet())));
            return null;
        }
        return v.intValue();
    }

    private IpRule build(ConfigNode line) {
        if (c.failed()) {
            return null;
        }
        return new IpRule(
                Origin.at(line.location()),
                family != null ? family : Family.INET,
                invert,
                from,
                to,
                priority,
                action != null ? action : RuleAction.TABLE,
                table,
                gotoPriority,
                tos,
                fwmark,
                fwmask,
                iif,
                oif,
                suppressPrefixLength,
                suppressIfgroup,
                uidRange,
                l3mdev,
                protocol,
                ipProto,
                sport,
                dport,
                realms,
                noTrack,
                trackGroup);
    }
}
