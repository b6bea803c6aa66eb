package org.keepalivedj.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.CheckerBlock;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.SmtpAlert;
import org.keepalivedj.api.model.SorryServer;
import org.keepalivedj.api.model.SslSettings;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.api.model.VirtualServerGroup;
import org.keepalivedj.api.model.VsTarget;
import org.keepalivedj.config.checkers.BuiltinCheckers;

/** The LVS side: virtual servers with their real servers and checkers, groups, SSL. */
final class LvsBinder {
    private static final KeywordTable TABLE = KeywordTable.standard();
    private static final List<String> SCHEDULER_FLAGS =
            List.of("hashed", "ops", "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback", "mh-port", "mh-fallback");
    /** keepalived's default persistence when persistence_timeout has no value: 6 minutes. */
    private static final Duration DEFAULT_PERSISTENCE = Duration.ofSeconds(360);

    private final Problems problems;
    private final CheckerRegistry checkers;

    LvsBinder(Problems problems, CheckerRegistry checkers) {
        this.problems = problems;
        this.checkers = checkers;
    }

    VirtualServer virtualServer(ConfigNode block) {
        String context = "virtual_server " + block.argsText();
        ProblemSink sink = problems.about(context);
        VsTarget target = target(block, sink);
        BlockReader r = BlockReader.of(block, TABLE.section("virtual_server"), sink);
        Protocol protocol = protocol(r, target, block, sink);
        String ipFamily = r.choice("ip_family", null);
        Family family = target instanceof VsTarget.Address a
                ? a.endpoint().family()
                : ipFamily == null ? null : ipFamily.equals("inet6") ? Family.INET6 : Family.INET;
        if (ipFamily != null
                && target instanceof VsTarget.Address a
                && !a.endpoint().family().keyword().equals(ipFamily)) {
            sink.error(
                    r.node("ip_family").location(),
                    "ip_family " + ipFamily + " does not match the address "
                            + IpAddresses.format(a.endpoint().address()));
        }
        ForwardingMethod method = method(r.node("lvs_method"), sink);
        // keepalived: the weight of each real server that sets none
        int realServerWeight = r.integer("weight", 1);
        Map<String, RealServer> reals = new LinkedHashMap<>();
        for (ConfigNode rs : r.all("real_server")) {
            RealServer real = realServer(rs, context, realServerWeight, sink);
            if (real == null) {
                continue;
            }
            if (family == null) {
                family = real.endpoint().family();
            } else if (real.endpoint().family() != family && !tunnelled(real, method)) {
                // IPVS forwards between families only through a tunnel
                sink.error(
                        rs.location(),
                        "real_server " + real.key() + " is "
                                + Lines.describe(real.endpoint().family()) + " but the virtual server is "
                                + Lines.describe(family) + " (mixing needs lvs_method TUN)");
                continue;
            }
            RealServer first = reals.putIfAbsent(real.key(), real);
            if (first != null) {
                sink.error(
                        rs.location(),
                        "real_server " + real.key() + " declared twice (first at "
                                + first.origin().location() + ")");
            }
        }
        int quorum = r.integer("quorum", 1);
        int hysteresis = r.integer("hysteresis", 0);
        long totalWeight = reals.values().stream().mapToLong(RealServer::weight).sum();
        if (r.has("quorum") && !reals.isEmpty() && quorum > totalWeight) {
            sink.error(
                    r.node("quorum").location(),
                    "quorum " + quorum + " is more than the total weight " + totalWeight + " of the real servers");
        } else if (!reals.isEmpty() && quorum > totalWeight) {
            // the default quorum of 1 over real servers all of weight 0: keepalived lowers it, so the
            // service is not born without quorum (and its sorry server in use) by no choice of the operator's
            sink.warning(
                    block.location(),
                    "quorum " + quorum + " is more than the total weight " + totalWeight
                            + " of the real servers, lowered to " + totalWeight);
            quorum = (int) totalWeight;
        }
        if (hysteresis >= quorum && r.has("hysteresis")) {
            sink.error(
                    r.node("hysteresis").location(),
                    "hysteresis " + hysteresis + " must be less than quorum " + quorum);
        }
        String scheduler = r.word("lvs_sched", "wlc");
        List<String> flags = schedulerFlags(r, scheduler, protocol, target, sink);
        Duration persistence = persistence(r, sink);
        if (target instanceof VsTarget.Address a && a.endpoint().port() == 0 && persistence == null) {
            sink.warning(
                    block.location(),
                    "port 0 is only valid for persistent services, persistence_timeout set to "
                            + DEFAULT_PERSISTENCE.toSeconds());
            persistence = DEFAULT_PERSISTENCE;
        }
        boolean haSuspend = r.flag("ha_suspend");
        if (haSuspend && target instanceof VsTarget.Fwmark) {
            sink.warning(r.node("ha_suspend").location(), "ha_suspend cannot be used with a firewall mark, ignored");
            haSuspend = false;
        }
        return new VirtualServer(
                Origin.at(block.location()),
                target,
                protocol,
                family,
                scheduler,
                flags,
                method,
                persistence,
                r.word("persistence_granularity", null),
                r.word("persistence_engine", null),
                haSuspend,
                r.word("virtualhost", null),
                r.flag("alpha"),
                r.flag("omega"),
                quorum,
                hysteresis,
                r.text("quorum_up", null),
                r.text("quorum_down", null),
                r.flag("inhibit_on_failure"),
                sorry(r, family, sink),
                SmtpAlert.of(r.optionalFlag("smtp_alert")),
                timing(r),
                r.rest(),
                reals);
    }

    private static boolean tunnelled(RealServer real, ForwardingMethod vsMethod) {
        ForwardingMethod m = real.method() != null ? real.method() : vsMethod;
        return m != null && m.kind() == ForwardingMethod.Kind.TUN;
    }

    /**
     * keepalived's default for an address without protocol is UDP (the kernel's for protocol 0), with
     * a complaint; for firewall marks and groups the protocol does not select packets, TCP stands in.
     */
    private static Protocol protocol(BlockReader r, VsTarget target, ConfigNode block, ProblemSink sink) {
        String given = r.choice("protocol", null);
        if (given != null && target instanceof VsTarget.Fwmark) {
            // as keepalived, which counts it among the errors a file would run with
            sink.warning(r.node("protocol").location(), "protocol is ignored for a firewall mark service");
        }
        if (given != null) {
            return Protocol.valueOf(given);
        }
        if (target instanceof VsTarget.Address) {
            sink.warning(block.location(), "no protocol set, defaulting to UDP");
            return Protocol.UDP;
        }
        return Protocol.TCP;
    }

    /** The scheduler flags given, less those the scheduler or protocol cannot use (warned about). */
    private static List<String> schedulerFlags(
            BlockReader r, String scheduler, Protocol protocol, VsTarget target, ProblemSink sink) {
        List<String> flags = new ArrayList<>();
        for (String flag : SCHEDULER_FLAGS) {
            if (!r.flag(flag)) {
                continue;
            }
            String onlyFor =
                    flag.equals("hashed") || flag.startsWith("sh-") ? "sh" : flag.startsWith("mh-") ? "mh" : null;
            if (onlyFor != null && !onlyFor.equals(scheduler)) {
                sink.warning(r.node(flag).location(), flag + " only applies to the " + onlyFor + " scheduler, ignored");
            } else if (flag.equals("ops") && protocol != Protocol.UDP && target instanceof VsTarget.Address) {
                sink.warning(r.node(flag).location(), "ops (one-packet scheduling) needs UDP, ignored");
            } else {
                flags.add(flag);
            }
        }
        return flags;
    }

    private static VsTarget target(ConfigNode block, ProblemSink sink) {
        List<String> a = Lines.args(block);
        Location at = block.location();
        if (a.get(0).equals("fwmark") || a.get(0).equals("group")) {
            if (a.size() != 2) {
                sink.error(at, a.get(0) + " needs one value");
                return new VsTarget.Group("");
            }
            if (a.get(0).equals("group")) {
                return new VsTarget.Group(a.get(1));
            }
            Long mark = Numbers.parseLong(a.get(1));
            if (mark == null || mark < 1 || mark > 0xffffffffL) {
                sink.error(at, "fwmark " + a.get(1) + " out of range 1-4294967295");
                return new VsTarget.Fwmark(0);
            }
            return new VsTarget.Fwmark(mark.intValue());
        }
        Endpoint e = endpoint(a, at, "virtual_server", sink);
        return e == null ? new VsTarget.Group("") : new VsTarget.Address(e);
    }

    /** {@code ADDRESS PORT}; null after reporting an error. */
    static Endpoint endpoint(List<String> a, Location at, String what, ProblemSink sink) {
        if (what.equals("real_server") && a.size() == 1) {
            a = List.of(a.get(0), "0"); // fwmark services: a real server without port
        }
        if (a.size() != 2) {
            sink.error(at, what + " needs an address and a port");
            return null;
        }
        InetAddress address;
        try {
            address = IpAddresses.parse(a.get(0));
        } catch (IllegalArgumentException e) {
            sink.error(at, what + " " + a.get(0) + " is not an IP address");
            return null;
        }
        Long port = Numbers.parseLong(a.get(1));
        if (port == null || port < 0 || port > 65535) {
            sink.error(at, what + " port " + a.get(1) + " out of range 0-65535");
            return null;
        }
        return new Endpoint(address, port.intValue());
    }

    static ForwardingMethod method(ConfigNode node, ProblemSink sink) {
        if (node == null) {
            return null;
        }
        List<String> a = Lines.args(node);
        ForwardingMethod.Kind kind;
        try {
            kind = ForwardingMethod.Kind.valueOf(a.get(0).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            sink.error(node.location(), node.name() + " " + a.get(0) + " is not one of NAT, DR, TUN");
            return null;
        }
        if (kind != ForwardingMethod.Kind.TUN && a.size() > 1) {
            sink.error(node.location(), node.name() + " " + kind + " takes no options");
            return null;
        }
        return new ForwardingMethod(kind, a.subList(1, a.size()));
    }

    private static Duration persistence(BlockReader r, ProblemSink sink) {
        ConfigNode n = r.node("persistence_timeout");
        if (n == null) {
            return null;
        }
        if (n.args().isEmpty()) {
            return DEFAULT_PERSISTENCE;
        }
        Long v = Numbers.parseLong(n.args().get(0).text());
        if (n.args().size() > 1 || v == null || v < 1 || v > Integer.MAX_VALUE) {
            sink.error(n.location(), "persistence_timeout " + n.argsText() + " out of range 1-2147483647");
            return null;
        }
        return Duration.ofSeconds(v);
    }

    private static SorryServer sorry(BlockReader r, Family family, ProblemSink sink) {
        ConfigNode n = r.node("sorry_server");
        ForwardingMethod method = method(r.node("sorry_server_lvs_method"), sink);
        boolean inhibit = r.flag("sorry_server_inhibit");
        if (n == null) {
            return null;
        }
        Endpoint e = endpoint(Lines.args(n), n.location(), "sorry_server", sink);
        if (e != null && family != null && e.family() != family) {
            sink.error(
                    n.location(),
                    "sorry_server " + e + " is " + Lines.describe(e.family()) + " but the virtual server is "
                            + Lines.describe(family));
        }
        return e == null ? null : new SorryServer(Origin.at(n.location()), e, method, inhibit);
    }

    static CheckTiming timing(BlockReader r) {
        return new CheckTiming(
                r.integerOrNull("retry"),
                r.duration("delay_before_retry", null),
                r.duration("warmup", null),
                r.duration("connect_timeout", null),
                r.duration("delay_loop", null));
    }

    private RealServer realServer(ConfigNode block, String vsContext, int defaultWeight, ProblemSink vsSink) {
        Endpoint e = endpoint(Lines.args(block), block.location(), "real_server", vsSink);
        if (e == null) {
            return null;
        }
        ProblemSink sink = problems.about(() -> vsContext + ": real_server " + e);
        BlockReader r = BlockReader.of(
                block.children(),
                TABLE.section("real_server"),
                sink,
                k -> checkers.find(k).isPresent());
        int lower = r.integer("lthreshold", 0);
        int upper = r.integer("uthreshold", 0);
        if (upper != 0 && lower > upper) {
            sink.error(r.node("lthreshold").location(), "lthreshold " + lower + " is more than uthreshold " + upper);
        }
        List<CheckerBlock> blocks = new ArrayList<>();
        for (ConfigNode c : r.checkers()) {
            Optional<HealthCheckerFactory> factory = checkers.find(c.name());
            if (factory.isEmpty()) {
                sink.error(c.location(), "no installed checker provides " + c.name());
                blocks.add(new CheckerBlock(c, null));
            } else if (!c.hasBlock()) {
                sink.error(c.location(), c.name() + " needs a { block }");
            } else {
                for (ConfigNode one : BuiltinCheckers.expand(c, sink)) {
                    blocks.add(new CheckerBlock(one, factory.get().bind(one, sink)));
                }
            }
        }
        return new RealServer(
                Origin.at(block.location()),
                e,
                r.integer("weight", defaultWeight),
                method(r.node("lvs_method"), sink),
                upper,
                lower,
                r.flag("inhibit_on_failure"),
                r.text("notify_up", null),
                r.text("notify_down", null),
                r.flag("alpha"),
                timing(r),
                SmtpAlert.of(r.optionalFlag("smtp_alert")),
                r.word("virtualhost", null),
                r.rest(),
                blocks);
    }

    VirtualServerGroup group(ConfigNode block) {
        String name = block.arg(0).orElse("");
        ProblemSink sink = problems.about("virtual_server_group " + name);
        List<VirtualServerGroup.Entry> entries = new ArrayList<>();
        for (ConfigNode line : block.children()) {
            VirtualServerGroup.Entry entry = groupEntry(line, sink);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return new VirtualServerGroup(Origin.at(block.location()), name, entries);
    }

    private static VirtualServerGroup.Entry groupEntry(ConfigNode line, ProblemSink sink) {
        List<String> w = Lines.words(line);
        Origin origin = Origin.at(line.location());
        if (w.get(0).equals("fwmark")) {
            Long mark = w.size() >= 2 ? Numbers.parseLong(w.get(1)) : null;
            if (mark == null || mark < 1 || mark > 0xffffffffL || w.size() > 3) {
                sink.error(line.location(), "fwmark needs a mark 1-4294967295");
                return null;
            }
            return new VirtualServerGroup.Entry(origin, null, -1, 0, mark.intValue());
        }
        String address = w.get(0);
        int rangeEnd = -1;
        int dash = address.lastIndexOf('-');
        if (dash > 0) {
            String end = address.substring(dash + 1);
            address = address.substring(0, dash);
            boolean v6 = address.indexOf(':') >= 0;
            Long last = v6 ? parseHex(end) : Numbers.parseLong(end);
            if (last == null || last < 0 || last > (v6 ? 0xffff : 255)) {
                sink.error(line.location(), "address range end " + end + " is invalid");
                return null;
            }
            rangeEnd = last.intValue();
        }
        InetAddress a;
        try {
            a = IpAddresses.parse(address);
        } catch (IllegalArgumentException e) {
            sink.error(line.location(), address + " is not an IP address");
            return null;
        }
        int port = 0;
        if (w.size() > 1) {
            Long p = Numbers.parseLong(w.get(1));
            if (p == null || p < 0 || p > 65535 || w.size() > 2) {
                sink.error(line.location(), "port " + w.get(1) + " out of range 0-65535");
                return null;
            }
            port = p.intValue();
        }
        byte[] bytes = a.getAddress();
        int first = bytes.length == 4 ? bytes[3] & 0xff : ((bytes[14] & 0xff) << 8) | (bytes[15] & 0xff);
        if (rangeEnd >= 0 && rangeEnd < first) {
            sink.error(line.location(), "address range " + w.get(0) + " ends before it starts");
            return null;
        }
        return new VirtualServerGroup.Entry(origin, a, rangeEnd, port, 0);
    }

    private static Long parseHex(String s) {
        return s.matches("[0-9a-fA-F]{1,4}") ? Long.parseLong(s, 16) : null;
    }

    SslSettings ssl(ConfigNode block) {
        BlockReader r = BlockReader.of(block, TABLE.section("SSL"), problems.about("SSL"));
        return new SslSettings(
                Origin.at(block.location()),
                r.word("password", null),
                r.word("ca", null),
                r.word("certificate", null),
                r.word("key", null));
    }
}
