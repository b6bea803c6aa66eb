package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.VirtualAddress;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.NumberRange;
import org.keepalivedj.api.net.RouteMetric;
import org.keepalivedj.api.net.RouteType;
import org.keepalivedj.api.net.RuleAction;

/**
 * Address, route and rule lines: every option typed at load, every bad value an error at its own
 * word (file:line:col), every option keepalived-j does not carry out a warning at that option.
 * Each case is one line of a static_* block, so it is line 2 of t.conf.
 */
class NetLinesTest {

    private static KeepalivedConfig load(String text) throws ConfigException {
        return Samples.loader().load(text, "t.conf", Path.of(".")).config();
    }

    private static String block(String keyword, String line) {
        return keyword + " {\n    " + line + "\n}\n";
    }

    /** Every error and warning of loading LINE in BLOCK, as file:line:col: message. */
    private static List<String> problems(String keyword, String line) {
        try {
            return Samples.loader().load(block(keyword, line), "t.conf", Path.of(".")).warnings().stream()
                    .map(ConfigProblem::toString)
                    .toList();
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
    }

    /** Where WORD of LINE is once the line is indented in its block: t.conf:2:COL. */
    private static String at(String line, String word) {
        int i = line.lastIndexOf(word);
        assertTrue(i >= 0, word + " not in " + line);
        return "t.conf:2:" + (5 + i) + ": ";
    }

    /** A bad value leaves its line out (as keepalived does) with one warning at the value. */
    private static void error(String keyword, String line, String word, String message) {
        assertEquals(
                List.of(at(line, word) + "warning: " + keyword + ": " + message + " (line ignored)"),
                problems(keyword, line));
        assertEquals(0, linesLoaded(keyword, line), line + " left out");
    }

    /** A word keepalived ignores while keeping the line: a warning at the word, the line loads. */
    private static void ignored(String keyword, String line, String word, String message) {
        assertEquals(
                at(line, word) + "warning: " + keyword + ": " + message + " (ignored)",
                problems(keyword, line).get(0));
        assertEquals(1, linesLoaded(keyword, line), line + " kept");
    }

    private static int linesLoaded(String keyword, String line) {
        KeepalivedConfig c = assertDoesNotThrow(block(keyword, line));
        return switch (keyword) {
            case "static_ipaddress" -> c.staticAddresses().size();
            case "static_routes" -> c.staticRoutes().size();
            case "static_rules" -> c.staticRules().size();
            default -> throw new IllegalArgumentException(keyword);
        };
    }

    private static void noEffect(String keyword, String line, String option, String reason) {
        assertEquals(
                List.of(at(line, option) + "warning: " + keyword + ": " + option + " has no effect in keepalived-j ("
                        + reason + ")"),
                problems(keyword, line));
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static VirtualAddress address(String line) throws ConfigException {
        return load(block("static_ipaddress", line)).staticAddresses().get(0);
    }

    private static IpRoute route(String line) throws ConfigException {
        return load(block("static_routes", line)).staticRoutes().get(0);
    }

    private static IpRule rule(String line) throws ConfigException {
        return load(block("static_rules", line)).staticRules().get(0);
    }

    // ---- the original bug

    @Test
    void aBogusScopeLoadsWithAWarningAtItsOwnWordAndNothingIsLost() throws Exception {
        String good = """
                vrrp_instance VI_1 {
                    interface lo
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.0.2.10/24
                        192.0.2.12/24
                    }
                }
                """;
        assertEquals(
                2,
                assertDoesNotThrow(good)
                        .vrrpInstances()
                        .get("VI_1")
                        .virtualAddresses()
                        .size());
        // keepalived: "Invalid scope ... - ignoring"; the address stays, with the default scope
        String bad = good.replace("192.0.2.12/24", "192.0.2.12/24 scope bogus");
        KeepalivedConfigLoader.Result r = Samples.loader().load(bad, "t.conf", Path.of("."));
        assertEquals(
                List.of("t.conf:6:29: warning: vrrp_instance VI_1: virtual_ipaddress: scope bogus is not a scope"
                        + " (host, link, global, site, nowhere or a number 0-255) (ignored)"),
                r.warnings().stream().map(ConfigProblem::toString).toList());
        List<VirtualAddress> vips = r.config().vrrpInstances().get("VI_1").virtualAddresses();
        assertEquals(2, vips.size());
        assertEquals(AddressScope.GLOBAL, vips.get(1).scope());
    }

    private static KeepalivedConfig assertDoesNotThrow(String text) {
        try {
            return load(text);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    // ---- addresses

    @Test
    void addressOptionsAreTyped() throws Exception {
        VirtualAddress a = address("192.0.2.1/24 dev lo brd + scope link label lo:vip noprefixroute autojoin");
        assertEquals(IpPrefix.parse("192.0.2.1/24"), a.address());
        assertEquals("lo", a.device());
        assertEquals(ip("192.0.2.255"), a.broadcast());
        assertEquals(AddressScope.LINK, a.scope());
        assertEquals("lo:vip", a.label());
        assertEquals(Set.of(AddressFlag.NOPREFIXROUTE, AddressFlag.MCAUTOJOIN), a.flags());
        assertEquals(ip("192.0.2.0"), address("192.0.2.1/24 dev lo brd -").broadcast());
        assertEquals(
                ip("192.0.2.200"),
                address("192.0.2.1/24 dev lo broadcast 192.0.2.200").broadcast());
        assertEquals(AddressScope.GLOBAL, address("192.0.2.1/24 dev lo").scope());
        assertEquals(
                AddressScope.HOST, address("192.0.2.1/24 dev lo scope host").scope());
        assertEquals(
                AddressScope.SITE, address("192.0.2.1/24 dev lo scope site").scope());
        assertEquals(
                AddressScope.NOWHERE,
                address("192.0.2.1/24 dev lo scope nowhere").scope());
        assertEquals(17, address("192.0.2.1/24 dev lo scope 17").scope().code());
        assertEquals(AddressScope.HOST, address("192.0.2.1/24 dev lo scope 254").scope());
        VirtualAddress v6 = address("2001:db8::1/64 dev lo -nodad home mngtmpaddr");
        assertEquals(Set.of(AddressFlag.NODAD, AddressFlag.HOME, AddressFlag.MANAGETEMPADDR), v6.flags());
        assertNull(v6.label());
        assertTrue(
                problems("static_ipaddress", "192.0.2.1/24 dev lo label 123456789012345")
                        .isEmpty(),
                "a 15-character label is fine");
    }

    @Test
    void staticAddressesWithoutDevGoOnTheDefaultInterface() throws Exception {
        assertEquals("eth0", address("192.0.2.1/24").device());
        KeepalivedConfig c =
                load("global_defs {\n    default_interface lo\n}\n" + block("static_ipaddress", "192.0.2.1/24"));
        assertEquals("lo", c.staticAddresses().get(0).device());
    }

    @Test
    void badAddressValuesAreErrorsAtTheirWord() {
        String k = "static_ipaddress";
        ignored(
                k,
                "192.0.2.1/24 dev lo scope bogus",
                "bogus",
                "scope bogus is not a scope (host, link, global, site, nowhere or a number 0-255)");
        ignored(
                k,
                "192.0.2.1/24 dev lo scope 256",
                "256",
                "scope 256 is not a scope (host, link, global, site, nowhere or a number 0-255)");
        error(
                k,
                "192.0.2.1/24 dev lo label lo:1234567890abc",
                "lo:1234",
                "label lo:1234567890abc is 16 characters; a label is 1-15 characters (the kernel's IFNAMSIZ)");
        error(k, "192.0.2.1/24 dev lo brd 192.0.2.300", "192.0.2.300", "brd 192.0.2.300 is not an IP address");
        error(k, "2001:db8::1/64 dev lo brd +", "brd", "brd applies to IPv4 addresses only");
        error(
                k,
                "192.0.2.1/24 dev abcdefghijklmnop",
                "abcdefghijklmnop",
                "dev abcdefghijklmnop is not an interface name (1-15 characters, no '/' or blank)");
        error(k, "192.0.2.1/24 dev a/b", "a/b", "dev a/b is not an interface name (1-15 characters, no '/' or blank)");
        error(k, "192.0.2.1/24 dev lo label", "label", "label needs a value");
        ignored(k, "192.0.2.1/24 dev lo colour blue", "colour", "unknown address option colour");
        error(k, "192.0.2.256/24 dev lo", "192.0.2.256", "invalid IP address 192.0.2.256");
        error(k, "192.0.2.1/24 dev lo peer 2001:db8::2", "2001:db8::2", "peer 2001:db8::2 is not IPv4");
        error(
                k,
                "2001:db8::1/64 dev lo preferred_lft soon",
                "soon",
                "preferred_lft soon is not a number in 0-4294967295");
    }

    @Test
    void aDeviceThisHostLacksIsAWarningAtItsName() throws Exception {
        String line = "192.0.2.1/24 dev nosuchif0";
        assertEquals(
                List.of(at(line, "nosuchif0") + "warning: static_ipaddress: dev nosuchif0: no such interface"
                        + " on this host"),
                problems("static_ipaddress", line));
        assertEquals("nosuchif0", address(line).device());
        assertEquals(List.of(), problems("static_ipaddress", "192.0.2.1/24 dev lo"));
    }

    @Test
    void addressOptionsWithoutEffectAreWarnings() throws Exception {
        String k = "static_ipaddress";
        noEffect(k, "192.0.2.1/24 dev lo peer 192.0.2.2", "peer", "point-to-point addresses are not programmed");
        noEffect(
                k,
                "2001:db8::1/128 dev lo preferred_lft forever",
                "preferred_lft",
                "address lifetimes are not programmed; addresses never deprecate");
        noEffect(
                k,
                "192.0.2.1/24 dev lo use_vmac",
                "use_vmac",
                "use_vmac applies to the addresses of a vrrp_instance only");
        // no_track: a deleted VIP leaves its instance MASTER (NotifyTrackNamespaceTest); no warning
        assertEquals(List.of(), problems(k, "192.0.2.1/24 dev lo no_track"));
        assertTrue(address("192.0.2.1/24 dev lo no_track").noTrack());
        String withGroup = "track_group G {\n    group {\n        VI_1\n    }\n}\n";
        VirtualAddress tracked = Samples.loader()
                .load(
                        withGroup + vrrp() + block("static_ipaddress", "192.0.2.1/24 dev lo track_group G"),
                        "t.conf",
                        Path.of("."))
                .config()
                .staticAddresses()
                .get(0);
        assertEquals("G", tracked.trackGroup());
    }

    @Test
    void ipv6OnlyAddressFlagsOnIpv4AreWarnings() throws Exception {
        noEffect(
                "static_ipaddress",
                "192.0.2.1/24 dev lo -nodad",
                "-nodad",
                "the kernel honours it on IPv6 addresses only");
        noEffect(
                "static_ipaddress", "192.0.2.1/24 dev lo home", "home", "the kernel honours it on IPv6 addresses only");
        assertEquals(Set.of(), address("192.0.2.1/24 dev lo mngtmpaddr").flags());
    }

    private static String vrrp() {
        return "vrrp_instance VI_1 {\n    interface lo\n    virtual_router_id 1\n    virtual_ipaddress {\n"
                + "        192.0.2.99/32\n    }\n}\n";
    }

    // ---- routes

    @Test
    void routeOptionsAreTyped() throws Exception {
        IpRoute r = route("src 198.51.100.7 to 192.0.2.0/24 via 198.51.100.1 dev lo table 100 metric 5 scope link"
                + " protocol bird tos 0x10 realms 3/4 onlink mtu lock 1400 advmss 1360 window 10 ssthresh 11 cwnd 12"
                + " reordering 13 hoplimit 14 initcwnd 15 initrwnd 16 quickack 1 fastopen_no_cookie 0");
        assertEquals(RouteType.UNICAST, r.type());
        assertEquals(IpPrefix.parse("192.0.2.0/24"), r.destination());
        assertEquals(ip("198.51.100.7"), r.source());
        assertEquals(ip("198.51.100.1"), r.via());
        assertEquals("lo", r.device());
        assertEquals(100, r.table());
        assertEquals(5, r.metric());
        assertEquals(AddressScope.LINK, r.scope());
        assertEquals(12, r.protocol());
        assertEquals(0x10, r.tos());
        assertEquals(3 << 16 | 4, r.realms());
        assertTrue(r.onlink());
        assertEquals(
                Map.ofEntries(
                        Map.entry(RouteMetric.MTU, 1400L),
                        Map.entry(RouteMetric.ADVMSS, 1360L),
                        Map.entry(RouteMetric.WINDOW, 10L),
                        Map.entry(RouteMetric.SSTHRESH, 11L),
                        Map.entry(RouteMetric.CWND, 12L),
                        Map.entry(RouteMetric.REORDERING, 13L),
                        Map.entry(RouteMetric.HOPLIMIT, 14L),
                        Map.entry(RouteMetric.INITCWND, 15L),
                        Map.entry(RouteMetric.INITRWND, 16L),
                        Map.entry(RouteMetric.QUICKACK, 1L),
                        Map.entry(RouteMetric.FASTOPEN_NO_COOKIE, 0L)),
                r.metrics());
        assertEquals(Set.of(RouteMetric.MTU), r.locked());

        assertEquals(RouteType.BLACKHOLE, route("blackhole 10.9.0.0/16").type());
        assertEquals(RouteType.UNREACHABLE, route("unreachable 10.9.0.0/16").type());
        assertEquals(
                IpPrefix.parse("0.0.0.0/0"),
                route("default via 198.51.100.1 table main").destination());
        assertEquals(254, route("default via 198.51.100.1 table main").table());
        assertEquals(255, route("192.0.2.1 dev lo table local").table());
        assertEquals(253, route("192.0.2.1 dev lo table default").table());
        assertEquals(IpPrefix.parse("::/0"), route("default via 2001:db8::1").destination());
        assertEquals(IpPrefix.parse("::/0"), route("inet6 default dev lo").destination());
        assertEquals(
                ip("2001:db8::1"),
                route("192.0.2.0/24 via inet6 2001:db8::1 dev lo").via());
        assertEquals(
                IpPrefix.parse("2001:db8:2::/48"),
                route("2001:db8:1::/64 from 2001:db8:2::/48 dev lo").from());
        assertEquals(18, route("192.0.2.0/24 dev lo proto keepalived").protocol());
        assertNull(route("192.0.2.0/24 dev lo").protocol());
        assertEquals(7, route("192.0.2.0/24 dev lo priority 7").metric());
        assertEquals(8, route("192.0.2.0/24 dev lo preference 8").metric());
    }

    @Test
    void badRouteValuesAreErrorsAtTheirWord() {
        String k = "static_routes";
        error(
                k,
                "192.0.2.0/24 via 198.51.100.1 table nosuchtable",
                "nosuchtable",
                "table nosuchtable is neither a table number (0-2147483647) nor main, local, default or a name in"
                        + " rt_tables (/etc/iproute2/rt_tables, rt_tables.d/*.conf, /usr/share/iproute2/rt_tables)");
        error(k, "192.0.2.0/24 dev lo metric high", "high", "metric high is not a number in 0-4294967295");
        error(k, "192.0.2.0/24 dev lo metric -1", "-1", "metric -1 is not a number in 0-4294967295");
        ignored(
                k,
                "192.0.2.0/24 dev lo scope bogus",
                "bogus",
                "scope bogus is not a scope (host, link, global, site, nowhere or a number 0-255)");
        error(
                k,
                "192.0.2.0/24 dev lo protocol nosuchproto",
                "nosuchproto",
                "protocol nosuchproto is neither a number 0-255 nor a name in rt_protos");
        error(k, "192.0.2.0/24 dev lo tos 256", "256", "tos 256 is neither a number 0-255 nor a name in rt_dsfield");
        error(
                k,
                "192.0.2.0/24 dev lo realms 1/2/3",
                "1/2/3",
                "realms 1/2/3 is not [FROM/]TO with realms 0-65535 or names in rt_realms");
        error(k, "192.0.2.0/24 dev lo mtu big", "big", "mtu big is not a number in 0-4294967295");
        error(k, "192.0.2.0/24 dev lo quickack 2", "2", "quickack 2 is not a number in 0-1");
        error(k, "192.0.2.0/24 dev lo src 2001:db8::1", "2001:db8::1", "src 2001:db8::1 is not IPv4");
        error(k, "192.0.2.0/24 via 198.51.100.300", "198.51.100.300", "via 198.51.100.300 is not an IP address");
        error(k, "192.0.2.0/24 via 2001:db8::1 dev lo", "2001:db8::1", "via 2001:db8::1 is not IPv4");
        error(
                k,
                "192.0.2.0/24 198.51.100.0/24 dev lo",
                "198.51.100.0/24",
                "route has two destinations (192.0.2.0/24 and 198.51.100.0/24)");
        error(k, "via 198.51.100.1 dev lo", "via", "route has no destination");
        ignored(k, "192.0.2.0/24 dev lo bogus 1", "bogus", "unknown route option bogus");
        error(k, "192.0.2.0/24 dev lo table", "table", "table needs a value");
        error(k, "192.0.2.0/33 dev lo", "192.0.2.0/33", "prefix length 33 out of range 0-32");
    }

    @Test
    void routeOptionsWithoutEffectAreWarnings() {
        String k = "static_routes";
        noEffect(k, "192.0.2.0/24 dev lo rtt 10ms", "rtt", "this route metric is not programmed");
        noEffect(k, "192.0.2.0/24 dev lo rttvar 10", "rttvar", "this route metric is not programmed");
        noEffect(k, "192.0.2.0/24 dev lo rto_min lock 5", "rto_min", "this route metric is not programmed");
        noEffect(k, "192.0.2.0/24 dev lo congctl cubic", "congctl", "this route metric is not programmed");
        noEffect(k, "192.0.2.0/24 dev lo features ecn", "features", "route features are not programmed");
        noEffect(k, "2001:db8::/64 dev lo pref high", "pref", "not programmed");
        noEffect(k, "192.0.2.0/24 dev lo append", "append", "routes are added, never appended");
        noEffect(
                k,
                "192.0.2.0/24 via 198.51.100.1 or 198.51.100.2 dev lo",
                "or",
                "alternative gateways are not programmed");
        noEffect(
                k,
                "192.0.2.0/24 table 100 nexthop via 198.51.100.1 dev lo weight 1 onlink",
                "nexthop",
                "multipath routes are not programmed; the route is added without its nexthops");
        noEffect(
                k,
                "192.0.2.0/24 dev lo encap mpls 200/300 metric 4",
                "encap",
                "lightweight tunnel encapsulation is not programmed");
        noEffect(
                k,
                "192.0.2.0/24 dev lo no_track",
                "no_track",
                "deleted routes are never tracked or re-added by" + " VRRP instances, which is what no_track asks");
        String line = "192.0.2.0/24 dev nosuchif0";
        assertEquals(
                List.of(at(line, "nosuchif0") + "warning: static_routes: dev nosuchif0: no such interface on"
                        + " this host"),
                problems(k, line));
    }

    @Test
    void anIpv4SourceSpecificRouteIsAWarning() throws Exception {
        String line = "192.0.2.0/24 from 198.51.100.0/24 dev lo";
        assertEquals(
                List.of(at(line, "198.51.100.0/24") + "warning: static_routes: from has no effect in keepalived-j"
                        + " (Linux has source-specific routes for IPv6 only)"),
                problems("static_routes", line));
        assertNull(route(line).from());
        error(
                "static_routes",
                "2001:db8::/64 from 192.0.2.0/24 dev lo",
                "192.0.2.0/24",
                "from 192.0.2.0/24 is not IPv6");
    }

    @Test
    void aSkippedNexthopClauseLeavesTheRestOfTheLine() throws Exception {
        String line = "192.0.2.0/24 table 100 nexthop via 198.51.100.1 dev lo weight 1 nexthop dev lo metric 4";
        List<String> problems = problems("static_routes", line);
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(
                problems.get(1).startsWith("t.conf:2:" + (5 + line.lastIndexOf("nexthop")) + ": warning:"),
                problems::toString);
        IpRoute r = route(line);
        assertEquals(100, r.table());
        assertEquals(4, r.metric());
        assertNull(r.device(), "the nexthop's dev is the nexthop's");
    }

    // ---- rules

    @Test
    void ruleOptionsAreTyped() throws Exception {
        IpRule r = rule("not from 192.0.2.0/24 to 198.51.100.0/26 priority 10 tos 8 fwmark 0x20/0xff iif lo"
                + " oif eth1 table 100 realms 1/2 suppress_prefixlength 0 suppress_ifgroup 3 uidrange 1000-1999"
                + " protocol static ip_proto UDP sport 10-20 dport 53");
        assertEquals(Family.INET, r.family());
        assertTrue(r.invert());
        assertEquals(IpPrefix.parse("192.0.2.0/24"), r.from());
        assertEquals(IpPrefix.parse("198.51.100.0/26"), r.to());
        assertEquals(10, r.priority());
        assertEquals(8, r.tos());
        assertEquals(0x20L, r.fwmark());
        assertEquals(0xffL, r.fwmask());
        assertEquals("lo", r.inInterface());
        assertEquals("eth1", r.outInterface());
        assertEquals(RuleAction.TABLE, r.action());
        assertEquals(100, r.table());
        assertEquals(1 << 16 | 2, r.realms());
        assertEquals(0, r.suppressPrefixLength());
        assertEquals(3, r.suppressIfgroup());
        assertEquals(new NumberRange(1000, 1999), r.uidRange());
        assertEquals(4, r.protocol());
        assertEquals(17, r.ipProto());
        assertEquals(new NumberRange(10, 20), r.sourcePorts());
        assertEquals(new NumberRange(53, 53), r.destinationPorts());

        IpRule g = rule("from all goto 20 preference 5");
        assertEquals(RuleAction.GOTO, g.action());
        assertEquals(20, g.gotoPriority());
        assertEquals(5, g.priority());
        assertNull(g.from());
        assertEquals(RuleAction.BLACKHOLE, rule("to 192.0.2.0/24 blackhole").action());
        assertEquals(RuleAction.PROHIBIT, rule("to 192.0.2.0/24 type prohibit").action());
        assertEquals(RuleAction.UNREACHABLE, rule("to 192.0.2.0/24 unreachable").action());
        assertEquals(RuleAction.NOP, rule("priority 3 nop").action());
        assertEquals(Family.INET6, rule("inet6 priority 40 table main").family());
        assertEquals(Family.INET6, rule("from 2001:db8::/32 lookup 7").family());
        assertEquals(Family.INET, rule("priority 40 table main").family());
        assertEquals(254, rule("priority 40 table main").table());
        assertTrue(rule("priority 50 l3mdev").l3mdev());
        assertEquals(0x10L, rule("fwmark 16 table 4").fwmark());
        assertNull(rule("fwmark 16 table 4").fwmask());
        assertEquals(2, rule("dev lo table 4 realms 2").realms());
        assertEquals("lo", rule("dev lo table 4 realms 2").inInterface());
    }

    @Test
    void badRuleValuesAreErrorsAtTheirWord() {
        String k = "static_rules";
        error(
                k,
                "from 192.0.2.0/24 table nosuchtable",
                "nosuchtable",
                "table nosuchtable is neither a table number (0-2147483647) nor main, local, default or a name in"
                        + " rt_tables (/etc/iproute2/rt_tables, rt_tables.d/*.conf, /usr/share/iproute2/rt_tables)");
        error(k, "fwmark 0x1g table 4", "0x1g", "fwmark 0x1g is not MARK[/MASK] with numbers 0-0xffffffff");
        error(k, "fwmark 1/ table 4", "1/", "fwmark 1/ is not MARK[/MASK] with numbers 0-0xffffffff");
        error(k, "uidrange 20-10 table 4", "20-10", "uidrange 20-10 is not N or N-M with 0 <= N <= M <= 4294967295");
        error(k, "sport 70000 table 4", "70000", "sport 70000 is not N or N-M with 0 <= N <= M <= 65535");
        error(
                k,
                "ip_proto bogus table 4",
                "bogus",
                "ip_proto bogus is neither a number 0-255 nor one of ah, dccp,"
                        + " esp, gre, icmp, ipv6-icmp, sctp, tcp, udp, udplite");
        error(
                k,
                "from 192.0.2.0/24 to 2001:db8::/32 table 4",
                "2001:db8::/32",
                "rule mixes IPv4 and IPv6 (192.0.2.0/24 and 2001:db8::/32)");
        error(k, "from 192.0.2.0/24 table 4 goto 7", "goto", "goto: the rule already has the action table");
        error(k, "priority high table 4", "high", "priority high is not a number in 0-4294967295");
        error(k, "goto x", "x", "goto x is not a number in 0-4294967295");
        error(k, "from all type bogus", "bogus", "type bogus is not unicast, blackhole, unreachable, prohibit or nop");
        ignored(k, "from all table 4 colour blue", "colour", "unknown rule option colour");
        error(k, "suppress_prefixlength 129 table 4", "129", "suppress_prefixlength 129 is not a number in 0-128");
        error(
                k,
                "iif abcdefghijklmnop table 4",
                "abcdefghijklmnop",
                "iif abcdefghijklmnop is not an interface name (1-15 characters, no '/' or blank)");
    }

    @Test
    void ruleOptionsWithoutEffectAreWarnings() {
        String k = "static_rules";
        noEffect(k, "from 192.0.2.0/24 nat 198.51.100.1 table 4", "nat", "Linux has no rule NAT since 2.6");
        noEffect(
                k,
                "from 192.0.2.0/24 table 4 no_track",
                "no_track",
                "deleted rules are never tracked or re-added" + " by VRRP instances, which is what no_track asks");
        assertEquals(
                List.of(),
                problems(k, "from 192.0.2.0/24 iif nosuchif0 table 4"),
                "a rule may name an interface that does not exist yet (the kernel allows it)");
    }

    // ---- dump

    @Test
    void theDumpPrintsEveryOptionAndLoadsBackEqual() throws Exception {
        String text = """
                static_ipaddress {
                    192.0.2.1/24 dev lo brd + scope 17 label lo:vip noprefixroute no_track
                    2001:db8::1/64 dev lo -nodad home
                }
                static_routes {
                    192.0.2.0/24 via 198.51.100.1 dev lo table 100 metric 5 scope link protocol bird tos 0x10 realms 3/4 onlink mtu lock 1400 advmss 1360
                    unreachable 198.51.100.0/24 table main
                    default via inet6 2001:db8::1 dev lo
                    198.51.100.128/25 via inet6 2001:db8::1 dev lo
                    2001:db8:1::/64 from 2001:db8:2::/48 dev lo hoplimit 9
                }
                static_rules {
                    not from 192.0.2.0/24 priority 10 tos 8 fwmark 0x20/0xff iif lo oif lo goto 20 realms 1/2
                    inet6 priority 11 uidrange 1000-1999 protocol static ip_proto UDP sport 10-20 dport 53 blackhole
                    priority 12 l3mdev suppress_prefixlength 0 suppress_ifgroup 3
                }
                """;
        KeepalivedConfig first = load(text);
        String dump = ConfigDump.dump(first);
        assertTrue(dump.contains("""
                static_ipaddress {
                    192.0.2.1/24 dev lo scope 17 brd 192.0.2.255 label lo:vip noprefixroute no_track
                    2001:db8::1/64 dev lo -nodad home
                }
                static_routes {
                    192.0.2.0/24 via 198.51.100.1 dev lo table 100 metric 5 scope link protocol 12 tos 16 realms 3/4 onlink mtu lock 1400 advmss 1360
                    unreachable 198.51.100.0/24
                    ::/0 via 2001:db8::1 dev lo
                    198.51.100.128/25 via inet6 2001:db8::1 dev lo
                    2001:db8:1::/64 from 2001:db8:2::/48 dev lo hoplimit 9
                }
                static_rules {
                    not from 192.0.2.0/24 priority 10 tos 8 fwmark 0x20/0xff iif lo oif lo goto 20 realms 1/2
                    from all priority 11 blackhole uidrange 1000-1999 protocol 4 ipproto 17 sport 10-20 dport 53-53 inet6
                    from all priority 12 l3mdev suppress_prefixlength 0 suppress_ifgroup 3
                }
                """), dump);
        assertEquals(first, load(dump));
    }

    /** Real keepalived (the Debian package, when installed) reads our dump of these lines without a word. */
    @Test
    void keepalivedAcceptsTheDumpedLines(@TempDir Path dir) throws Exception {
        Path keepalived = Path.of("/usr/sbin/keepalived");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(keepalived), "no keepalived installed");
        KeepalivedConfig c = load("""
                static_ipaddress {
                    192.0.2.1/24 dev lo brd + scope 17 label lo:vip noprefixroute no_track
                    2001:db8::1/64 dev lo -nodad home mngtmpaddr autojoin
                }
                static_routes {
                    192.0.2.0/24 via 198.51.100.1 dev lo table 100 metric 5 scope link tos 0x10 realms 3/4 onlink mtu lock 1400 advmss 1360 quickack 1
                    default via 198.51.100.1 dev lo table 100
                    default via 2001:db8::1 dev lo
                    2001:db8:1::/64 from 2001:db8:2::/48 dev lo hoplimit 9
                }
                static_rules {
                    not from 192.0.2.0/24 priority 10 tos 8 fwmark 0x20/0xff iif lo oif lo goto 20
                    inet6 priority 11 blackhole
                    priority 12 l3mdev suppress_prefixlength 0 suppress_ifgroup 3
                    priority 13 uidrange 1000-1999 ip_proto udp sport 10-20 dport 53 table 4
                    from 192.0.2.0/24 priority 14 table 100 realms 1/2
                }
                """);
        // only the three blocks: the rest of the dump (global_defs) is not what this test is about
        String dump = ConfigDump.dump(c);
        String lines = dump.substring(
                dump.indexOf("static_ipaddress {"), dump.indexOf("\n}\n", dump.indexOf("static_rules {")) + 3);
        Path file = dir.resolve("dump.conf");
        Files.writeString(file, lines);
        Process p = new ProcessBuilder(keepalived.toString(), "-t", "-f", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), () -> out + "\n" + lines);
        assertEquals("", out.strip(), lines);
        assertEquals(
                List.of(2, 4, 5),
                List.of(
                        c.staticAddresses().size(),
                        c.staticRoutes().size(),
                        c.staticRules().size()),
                "every line is in the model, so in the dump keepalived read");
    }

    // ---- iproute2 names

    @Test
    void tableNamesComeFromRtTablesItsDirectoryAndTheFallback(@TempDir Path dir) throws Exception {
        Path share = Files.createDirectories(dir.resolve("share"));
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(share.resolve("rt_tables"), "255 local\n# 7 commented\n200 fromshare\n201 overridden\n");
        Files.writeString(etc.resolve("rt_tables"), "201 overridden2\n202\tfrometc\n");
        Files.createDirectories(etc.resolve("rt_tables.d"));
        Files.writeString(etc.resolve("rt_tables.d/vpn.conf"), "0x100 vpn\n");
        Files.writeString(etc.resolve("rt_tables.d/ignored.txt"), "300 notconf\n");
        Iproute2Names names = new Iproute2Names(List.of(share, etc));
        assertEquals(200L, names.lookup("rt_tables", "fromshare"));
        assertEquals(202L, names.lookup("rt_tables", "frometc"));
        assertEquals(256L, names.lookup("rt_tables", "vpn"));
        assertEquals(201L, names.lookup("rt_tables", "overridden2"));
        assertNull(names.lookup("rt_tables", "commented"));
        assertNull(names.lookup("rt_tables", "notconf"));
        assertNull(names.lookup("rt_protos", "anything"), "a missing file is no error");
    }
}
