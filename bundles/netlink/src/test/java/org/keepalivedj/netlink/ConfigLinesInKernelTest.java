package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Config lines with the less common options, from the loader (addresses through {@link
 * ConfigTranslation}) into a real kernel (a namespace), read back with ip: what the config says is
 * what the kernel holds.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class ConfigLinesInKernelTest {

    @Test
    void addressFlagsReachTheKernel(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24", "fd50::1/64");
        KeepalivedConfig c = Configs.load("""
                static_ipaddress {
                    10.50.1.1/24 dev eth0 noprefixroute scope 17 label eth0:x
                    fd50:1::1/64 dev eth0 -nodad mngtmpaddr noprefixroute
                }
                """);
        try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            for (var line : c.staticAddresses()) {
                rtnl.addAddress(ConfigTranslation.address(line, null));
            }
            String v4 = ns.execOrThrow("ip", "-j", "-4", "addr", "show", "dev", "eth0")
                    .stdout();
            assertTrue(
                    v4.contains("\"local\":\"10.50.1.1\",\"prefixlen\":24,\"scope\":\"17\",\"noprefixroute\":true,"
                            + "\"label\":\"eth0:x\""),
                    v4);
            String v6 = ns.execOrThrow("ip", "-j", "-6", "addr", "show", "dev", "eth0")
                    .stdout();
            assertTrue(
                    v6.contains("\"local\":\"fd50:1::1\",\"prefixlen\":64,\"scope\":\"global\",\"nodad\":true,"
                            + "\"mngtmpaddr\":true,\"noprefixroute\":true"),
                    v6);
            String routes = ns.execOrThrow("ip", "-j", "route", "show").stdout();
            assertFalse(routes.contains("10.50.1.0/24"), "noprefixroute: no prefix route " + routes);
            for (var line : c.staticAddresses()) {
                ManagedAddress a = ConfigTranslation.address(line, null);
                rtnl.deleteAddress(a);
            }
        }
    }

    @Test
    void routeOptionsReachTheKernel(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24", "fd50::1/64");
        KeepalivedConfig c = Configs.load("""
                static_routes {
                    10.60.0.0/16 via 10.99.0.254 dev eth0 onlink table 100 protocol bird tos 0x10 realms 3/4 mtu lock 1400 advmss 1360 initcwnd 10 quickack 1
                    fd60::/64 from fd61::/48 dev eth0 table 100 hoplimit 9
                    10.61.0.0/16 via inet6 fd50::fe dev eth0 table 100
                }
                """);
        try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            List<IpRoute> routes = c.staticRoutes();
            for (IpRoute r : routes) {
                rtnl.addRoute(r);
            }
            String v4 = ns.execOrThrow("ip", "-j", "-d", "route", "show", "table", "100")
                    .stdout();
            assertTrue(
                    v4.contains(
                            "{\"type\":\"unicast\",\"dst\":\"10.60.0.0/16\",\"tos\":\"0x10\",\"gateway\":\"10.99.0.254\","
                                    + "\"dev\":\"eth0\",\"protocol\":\"bird\",\"scope\":\"global\",\"flags\":[\"onlink\"],"
                                    + "\"flow\":{\"from\":\"3\",\"to\":\"4\"},"
                                    + "\"metrics\":[{\"mtu\":1400,\"advmss\":1360,\"initcwnd\":10,\"quickack\":1}]}"),
                    v4);
            // ip's JSON does not show locks; its text does
            String text = ns.execOrThrow("ip", "route", "show", "table", "100").stdout();
            assertTrue(text.contains(" mtu lock 1400 advmss 1360 "), text);
            assertTrue(
                    v4.contains("{\"type\":\"unicast\",\"dst\":\"10.61.0.0/16\",\"via\":{\"family\":\"inet6\","
                            + "\"host\":\"fd50::fe\"},\"dev\":\"eth0\",\"protocol\":\"keepalived\""),
                    v4);
            String v6 = ns.execOrThrow("ip", "-j", "-6", "route", "show", "table", "100")
                    .stdout();
            assertTrue(
                    v6.contains(
                            "\"dst\":\"fd60::/64\",\"from\":\"fd61::/48\",\"dev\":\"eth0\",\"protocol\":\"keepalived\","
                                    + "\"metric\":1024,\"flags\":[],\"metrics\":[{\"hoplimit\":9}]"),
                    v6 + "\n" + v4);
            for (IpRoute r : routes) {
                rtnl.deleteRoute(r);
            }
            assertEquals(
                    "[ ]",
                    ns.execOrThrow("ip", "-j", "route", "show", "table", "100")
                            .stdout()
                            .strip()
                            .replace("[]", "[ ]"));
        }
    }

    @Test
    void ruleOptionsReachTheKernel(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        KeepalivedConfig c = Configs.load("""
                static_rules {
                    not from 10.50.0.0/24 priority 100 tos 8 goto 110
                    priority 101 uidrange 1000-1999 protocol bird ip_proto udp sport 10-20 dport 53 table 7
                    priority 102 fwmark 0x20/0xff suppress_prefixlength 0 table main
                    inet6 priority 103 blackhole
                    priority 104 l3mdev
                    priority 110 to 10.70.0.0/16 realms 1/2 table 8
                }
                """);
        try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            List<IpRule> rules = c.staticRules();
            for (IpRule r : rules) {
                rtnl.addRule(r);
            }
            // what ip itself prints for "ip rule add" with the same words (iproute2 6.1)
            String v4 = ns.execOrThrow("ip", "-j", "rule", "show").stdout();
            assertTrue(
                    v4.contains("{\"priority\":100,\"not\":null,\"src\":\"10.50.0.0\",\"srclen\":24,\"tos\":\"0x08\","
                            + "\"goto\":110}"),
                    v4);
            assertTrue(
                    v4.contains(
                            "{\"priority\":101,\"src\":\"all\",\"uid_start\":1000,\"uid_end\":1999,\"ipproto\":\"udp\","
                                    + "\"sport_start\":10,\"sport_end\":20,\"dport\":53,\"table\":\"7\",\"protocol\":\"bird\"}"),
                    v4);
            assertTrue(
                    v4.contains("{\"priority\":102,\"src\":\"all\",\"fwmark\":\"0x20\",\"fwmask\":\"0xff\","
                            + "\"table\":\"main\",\"suppress_prefixlen\":0"),
                    v4);
            assertTrue(v4.contains("{\"priority\":104,\"src\":\"all\",\"l3mdev\":null}"), v4);
            assertTrue(
                    v4.contains("{\"priority\":110,\"src\":\"all\",\"dst\":\"10.70.0.0\",\"dstlen\":16,\"table\":\"8\","
                            + "\"flow_from\":\"1\",\"flow_to\":\"2\"}"),
                    v4);
            String v6 = ns.execOrThrow("ip", "-j", "-6", "rule", "show").stdout();
            assertTrue(v6.contains("{\"priority\":103,\"src\":\"all\",\"action\":\"blackhole\"}"), v6);
            for (IpRule r : rules) {
                rtnl.deleteRule(r);
            }
            String after = ns.execOrThrow("ip", "-j", "rule", "show").stdout()
                    + ns.execOrThrow("ip", "-j", "-6", "rule", "show").stdout();
            for (int p : new int[] {100, 101, 102, 103, 104, 110}) {
                assertFalse(after.contains("\"priority\":" + p + ","), after);
            }
        }
    }
}
