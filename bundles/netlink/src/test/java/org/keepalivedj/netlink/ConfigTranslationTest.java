package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.api.net.NumberRange;
import org.keepalivedj.api.net.RouteMetric;
import org.keepalivedj.api.net.RouteType;
import org.keepalivedj.api.net.RuleAction;
import org.keepalivedj.config.KeepalivedConfigLoader;

/** Lines as keepalived.conf writes them, through the real config loader, mapped into netlink terms. */
class ConfigTranslationTest {

    private static KeepalivedConfig load(String text) throws Exception {
        return KeepalivedConfigLoader.withBuiltinCheckers()
                .load(text, "t.conf", Path.of("."))
                .config();
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void addressesCarryDeviceScopeLabelBroadcastAndFlags() throws Exception {
        KeepalivedConfig c = load("""
                static_ipaddress {
                    192.0.2.1/24 dev eth0 brd + scope link label eth0:vip noprefixroute
                    2001:db8::1/64 dev eth1 -nodad home mngtmpaddr autojoin scope 17
                }
                """);
        ManagedAddress v4 = ConfigTranslation.address(c.staticAddresses().get(0), null);
        assertEquals("eth0", v4.interfaceName());
        assertEquals(ip("192.0.2.1"), v4.address());
        assertEquals(24, v4.prefixLength());
        assertEquals(AddressScope.LINK, v4.scope());
        assertEquals("eth0:vip", v4.label());
        assertEquals(ip("192.0.2.255"), v4.broadcast());
        assertEquals(Set.of(AddressFlag.NOPREFIXROUTE), v4.flags());
        ManagedAddress v6 = ConfigTranslation.address(c.staticAddresses().get(1), null);
        assertTrue(v6.noDad());
        assertEquals(
                Set.of(AddressFlag.NODAD, AddressFlag.HOME, AddressFlag.MANAGETEMPADDR, AddressFlag.MCAUTOJOIN),
                v6.flags());
        assertEquals(17, v6.scope().code());
        assertNull(v6.broadcast());
    }

    @Test
    void anAddressWithoutDeviceTakesTheInstanceDevice() throws Exception {
        KeepalivedConfig c = load("""
                vrrp_instance VI_1 {
                    interface lo
                    virtual_router_id 1
                    virtual_ipaddress {
                        192.0.2.1/32
                    }
                }
                """);
        var line = c.vrrpInstances().get("VI_1").virtualAddresses().get(0);
        assertEquals("vrrp.1", ConfigTranslation.address(line, "vrrp.1").interfaceName());
        assertThrows(IllegalArgumentException.class, () -> ConfigTranslation.address(line, null));
    }

    @Test
    void staticAddressesWithoutDeviceGoOnTheDefaultInterface() throws Exception {
        KeepalivedConfig c =
                load("global_defs {\n    default_interface lo\n}\nstatic_ipaddress {\n    192.0.2.1/32\n}\n");
        assertEquals(
                "lo",
                ConfigTranslation.address(c.staticAddresses().get(0), null).interfaceName());
    }

    @Test
    void routesInAnyOrderWithTypesTablesAndMetrics() throws Exception {
        KeepalivedConfig c = load("""
                static_routes {
                    192.0.2.0/24 via 198.51.100.1 dev eth0 table 100 metric 5
                    src 198.51.100.7 to 203.0.113.0/24 dev eth1 scope link
                    blackhole 10.9.0.0/16
                    default via 198.51.100.254 table main
                    default via 2001:db8::1
                }
                """);
        List<Route> routes =
                c.staticRoutes().stream().map(ConfigTranslation::route).toList();
        Route first = routes.get(0);
        assertEquals(ip("192.0.2.0"), first.destination());
        assertEquals(ip("198.51.100.1"), first.gateway());
        assertEquals("eth0", first.device());
        assertEquals(100, first.table());
        assertEquals(5, first.metric());
        assertEquals(RouteOptions.NONE, first.options());
        Route second = routes.get(1);
        assertEquals(ip("198.51.100.7"), second.source());
        assertEquals(ip("203.0.113.0"), second.destination());
        assertEquals(AddressScope.LINK, second.scope());
        assertEquals(RouteType.BLACKHOLE, routes.get(2).type());
        assertEquals(0, routes.get(3).prefixLength());
        assertEquals(254, routes.get(3).table());
        assertFalse(routes.get(4).isIpv4(), "default via an IPv6 gateway is an IPv6 default route");
    }

    @Test
    void routeAttributesBeyondTheBasics() throws Exception {
        KeepalivedConfig c = load("""
                static_routes {
                    192.0.2.0/24 via 198.51.100.1 onlink protocol bird tos 0x10 realms 3/4 mtu lock 1400 advmss 1360 initcwnd 10 quickack 1
                    2001:db8:1::/64 from 2001:db8:2::/48 dev eth0 hoplimit 9 fastopen_no_cookie 1
                }
                """);
        Route r = ConfigTranslation.route(c.staticRoutes().get(0));
        RouteOptions o = r.options();
        assertTrue(o.onlink());
        assertEquals(12, o.protocol());
        assertEquals(0x10, o.tos());
        assertEquals(3 << 16 | 4, o.realms());
        assertEquals(
                Map.of(
                        RouteMetric.MTU,
                        1400L,
                        RouteMetric.ADVMSS,
                        1360L,
                        RouteMetric.INITCWND,
                        10L,
                        RouteMetric.QUICKACK,
                        1L),
                o.metrics());
        assertEquals(Set.of(RouteMetric.MTU), o.locked());
        RouteOptions v6 = ConfigTranslation.route(c.staticRoutes().get(1)).options();
        assertEquals(ip("2001:db8:2::"), v6.from());
        assertEquals(48, v6.fromLength());
        assertEquals(Map.of(RouteMetric.HOPLIMIT, 9L, RouteMetric.FASTOPEN_NO_COOKIE, 1L), v6.metrics());
    }

    @Test
    void rulesWithPriorityFwmarkAndInterfaces() throws Exception {
        KeepalivedConfig c = load("""
                static_rules {
                    from 192.0.2.0/24 to 198.51.100.0/26 table 100 priority 200 iif eth0 oif eth1
                    from all fwmark 0x20/0xff lookup 101
                }
                """);
        Rule first = ConfigTranslation.rule(c.staticRules().get(0));
        assertEquals(ip("192.0.2.0"), first.from());
        assertEquals(24, first.fromLength());
        assertEquals(26, first.toLength());
        assertEquals(100, first.table());
        assertEquals(200, first.priority());
        assertEquals("eth0", first.inInterface());
        assertEquals("eth1", first.outInterface());
        assertEquals(RuleOptions.NONE, first.options());
        Rule second = ConfigTranslation.rule(c.staticRules().get(1));
        assertNull(second.from());
        assertEquals(0x20, second.fwmark());
        assertEquals(0xff, second.fwmask());
        assertEquals(101, second.table());
    }

    @Test
    void ruleSelectorsAndActionsBeyondTheBasics() throws Exception {
        KeepalivedConfig c = load("""
                static_rules {
                    not from 192.0.2.0/24 tos 8 priority 10 goto 20 realms 1/2 suppress_prefixlength 0 suppress_ifgroup 3
                    to 2001:db8::/32 uidrange 1000-1999 protocol static ip_proto UDP sport 10-20 dport 53 priority 30 table 7
                    inet6 priority 40 blackhole
                    priority 50 l3mdev
                }
                """);
        Rule r = ConfigTranslation.rule(c.staticRules().get(0));
        assertEquals(
                new RuleOptions(true, RuleAction.GOTO, 20, 8, 0, 3, null, false, null, null, null, null, 1 << 16 | 2),
                r.options());
        Rule v6 = ConfigTranslation.rule(c.staticRules().get(1));
        assertTrue(v6.v6());
        assertEquals(
                new RuleOptions(
                        false,
                        RuleAction.TABLE,
                        null,
                        0,
                        null,
                        null,
                        new NumberRange(1000, 1999),
                        false,
                        4,
                        17,
                        new NumberRange(10, 20),
                        new NumberRange(53, 53),
                        null),
                v6.options());
        assertEquals(7, v6.table());
        Rule blackhole = ConfigTranslation.rule(c.staticRules().get(2));
        assertTrue(blackhole.v6());
        assertEquals(RuleAction.BLACKHOLE, blackhole.options().action());
        assertTrue(ConfigTranslation.rule(c.staticRules().get(3)).options().l3mdev());
    }
}
