package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

@RequiresRoot
@ExtendWith(NetLabExtension.class)
class RtNetlinkLinkRouteRuleTest {

    @Test
    void listsLinksAndSetsThemUpAndDown(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            List<Link> links = rtnl.links();
            assertEquals(
                    List.of("eth0", "lo"),
                    links.stream().map(Link::name).sorted().toList());
            Link eth0 = rtnl.link("eth0");
            assertEquals("veth", eth0.kind());
            assertTrue(eth0.isUp());
            String json = ns.execOrThrow("ip", "-j", "link", "show", "eth0").stdout();
            assertTrue(json.contains("\"address\":\"" + eth0.macString() + "\""), json);
            assertTrue(json.contains("\"ifindex\":" + eth0.index() + ","), json);

            rtnl.setUp("eth0", false);
            assertFalse(
                    ns.execOrThrow("ip", "-j", "link", "show", "eth0").stdout().contains("\"UP\""));
            assertFalse(rtnl.link("eth0").isUp());
            rtnl.setUp("eth0", true);
            assertTrue(
                    ns.execOrThrow("ip", "-j", "link", "show", "eth0").stdout().contains("\"UP\""));
        }
    }

    @Test
    void createsAndDeletesAMacvlanForAVmac(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            byte[] vmac = Macs.parse("00:00:5e:00:01:0a");
            Link created = rtnl.addMacvlan("vrrp.10", "eth0", vmac, RtNetlink.MACVLAN_PRIVATE);
            assertEquals("macvlan", created.kind());
            assertEquals(rtnl.indexOf("eth0"), created.parentIndex());
            String json =
                    ns.execOrThrow("ip", "-j", "-d", "link", "show", "vrrp.10").stdout();
            assertTrue(json.contains("\"address\":\"00:00:5e:00:01:0a\""), json);
            assertTrue(json.contains("\"info_kind\":\"macvlan\""), json);
            assertTrue(json.contains("\"mode\":\"private\""), json);
            assertTrue(json.contains("\"link\":\"eth0\""), json);

            assertEquals(
                    "EEXIST",
                    assertThrows(
                                    NetlinkException.class,
                                    () -> rtnl.addMacvlan("vrrp.10", "eth0", vmac, RtNetlink.MACVLAN_PRIVATE))
                            .errnoName());
            rtnl.deleteLink("vrrp.10");
            assertFalse(ns.exec("ip", "link", "show", "vrrp.10").ok());
        }
    }

    @Test
    void addsAndDeletesRoutes(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24", "fd50::1/64");
        try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            List<IpRoute> routes = Configs.load("""
                            static_routes {
                                10.60.0.0/16 via 10.50.0.254 dev eth0 table 100 metric 5 src 10.50.0.1
                                10.61.0.0/16 dev eth0 table 100
                                blackhole 192.0.2.0/24 table 100
                                unreachable 198.51.100.0/24 table 100 metric 7
                                fd60::/64 via fd50::fe dev eth0 table 1000
                            }
                            """).staticRoutes();
            for (IpRoute r : routes) {
                rtnl.addRoute(r);
            }
            String v4 =
                    ns.execOrThrow("ip", "-j", "route", "show", "table", "100").stdout();
            assertTrue(
                    v4.contains(
                            "{\"dst\":\"10.60.0.0/16\",\"gateway\":\"10.50.0.254\",\"dev\":\"eth0\",\"protocol\":\"keepalived\",\"prefsrc\":\"10.50.0.1\",\"metric\":5,"),
                    v4);
            assertTrue(
                    v4.contains(
                            "{\"dst\":\"10.61.0.0/16\",\"dev\":\"eth0\",\"protocol\":\"keepalived\",\"scope\":\"link\""),
                    v4);
            assertTrue(v4.contains("{\"type\":\"blackhole\",\"dst\":\"192.0.2.0/24\""), v4);
            assertTrue(
                    v4.contains(
                            "{\"type\":\"unreachable\",\"dst\":\"198.51.100.0/24\",\"protocol\":\"keepalived\",\"metric\":7"),
                    v4);
            String v6 = ns.execOrThrow("ip", "-j", "-6", "route", "show", "table", "1000")
                    .stdout();
            assertTrue(v6.contains("\"dst\":\"fd60::/64\",\"gateway\":\"fd50::fe\",\"dev\":\"eth0\""), v6);

            assertEquals(
                    "EEXIST",
                    assertThrows(NetlinkException.class, () -> rtnl.addRoute(routes.get(0)))
                            .errnoName());

            // Read back through our own decoder: what we added, with the scope and protocol made explicit.
            assertEquals(
                    Set.of(
                            "10.60.0.0/16 src 10.50.0.1 via 10.50.0.254 dev eth0 table 100 metric 5 scope global protocol 18",
                            "10.61.0.0/16 dev eth0 table 100 scope link protocol 18",
                            "blackhole 192.0.2.0/24 table 100 scope global protocol 18",
                            "unreachable 198.51.100.0/24 table 100 metric 7 scope global protocol 18"),
                    rtnl.routes(2, 100, 18).stream().map(IpRoute::toString).collect(Collectors.toSet()));
            // IPv6 routes without a metric get the kernel's default, 1024.
            assertEquals(
                    List.of("fd60::/64 via fd50::fe dev eth0 table 1000 metric 1024 scope global protocol 18"),
                    rtnl.routes(10, 1000, null).stream().map(IpRoute::toString).toList());
            assertTrue(rtnl.routes(2, 254, 18).isEmpty(), "nothing of ours in main");
            assertTrue(
                    rtnl.routes(2, 254, null).stream()
                            .anyMatch(r -> r.destination().toString().equals("10.50.0.0/24")),
                    "the kernel's connected route is listed");
            for (IpRoute r : routes) {
                rtnl.deleteRoute(r);
            }
            assertEquals(
                    "[ ]",
                    ns.execOrThrow("ip", "-j", "route", "show", "table", "100")
                            .stdout()
                            .strip()
                            .replace("[]", "[ ]"));
            assertEquals(
                    "ESRCH",
                    assertThrows(NetlinkException.class, () -> rtnl.deleteRoute(routes.get(0)))
                            .errnoName());
        }
    }

    @Test
    void addsAndDeletesRules(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            List<IpRule> rules = Configs.load("""
                            static_rules {
                                priority 100 from 10.50.0.0/24 table 100
                                priority 101 fwmark 0x10/0xff table 101
                                priority 102 iif eth0 table 102
                                priority 103 to 10.70.0.0/16 oif eth0 table 1003
                                priority 104 from fd50::/64 table 104
                            }
                            """).staticRules();
            for (IpRule r : rules) {
                rtnl.addRule(r);
            }
            String v4 = ns.execOrThrow("ip", "-j", "rule", "show").stdout();
            assertTrue(v4.contains("{\"priority\":100,\"src\":\"10.50.0.0\",\"srclen\":24,\"table\":\"100\"}"), v4);
            assertTrue(
                    v4.contains(
                            "{\"priority\":101,\"src\":\"all\",\"fwmark\":\"0x10\",\"fwmask\":\"0xff\",\"table\":\"101\"}"),
                    v4);
            assertTrue(v4.contains("{\"priority\":102,\"src\":\"all\",\"iif\":\"eth0\",\"table\":\"102\"}"), v4);
            assertTrue(
                    v4.contains(
                            "{\"priority\":103,\"src\":\"all\",\"dst\":\"10.70.0.0\",\"dstlen\":16,\"oif\":\"eth0\",\"table\":\"1003\"}"),
                    v4);
            String v6 = ns.execOrThrow("ip", "-j", "-6", "rule", "show").stdout();
            assertTrue(v6.contains("{\"priority\":104,\"src\":\"fd50::\",\"srclen\":64,\"table\":\"104\"}"), v6);

            List<IpRule> listed = rtnl.rules(2);
            listed.addAll(rtnl.rules(10));
            for (IpRule r : rules) {
                assertTrue(listed.contains(r), "listed " + listed + " has " + r);
            }
            for (IpRule r : rules) {
                rtnl.deleteRule(r);
            }
            String after = ns.execOrThrow("ip", "-j", "rule", "show").stdout()
                    + ns.execOrThrow("ip", "-j", "-6", "rule", "show").stdout();
            for (int p = 100; p <= 104; p++) {
                assertFalse(after.contains("\"priority\":" + p + ","), after);
            }
            assertEquals(
                    "ENOENT",
                    assertThrows(NetlinkException.class, () -> rtnl.deleteRule(rules.get(0)))
                            .errnoName());
        }
    }
}
