package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.VirtualAddress;
import org.keepalivedj.config.KeepalivedConfigLoader;

/** Lines as keepalived.conf writes them, through the real config loader, into netlink terms. */
class ConfigTranslationTest {

    private static KeepalivedConfig load(String text) throws Exception {
        return KeepalivedConfigLoader.withBuiltinCheckers().load(text, "t.conf", Path.of(".")).config();
    }

    @Test
    void addressesCarryDeviceScopeLabelBroadcastAndNodad() throws Exception {
        KeepalivedConfig c = load("""
                static_ipaddress {
                    192.0.2.1/24 dev eth0 brd + scope link label eth0:vip
                    2001:db8::1/64 dev eth1 -nodad
                }
                """);
        VirtualAddress v4 = ConfigTranslation.address(c.staticAddresses().get(0), null).value();
        assertEquals("eth0", v4.interfaceName());
        assertEquals(InetAddress.getByName("192.0.2.1"), v4.address());
        assertEquals(24, v4.prefixLength());
        assertEquals(AddressScope.LINK, v4.scope());
        assertEquals("eth0:vip", v4.label());
        assertEquals(InetAddress.getByName("192.0.2.255"), v4.broadcast());
        VirtualAddress v6 = ConfigTranslation.address(c.staticAddresses().get(1), null).value();
        assertTrue(v6.noDad());
        assertNull(v6.broadcast());
    }

    @Test
    void anAddressWithoutDeviceTakesTheDefaultOrIsRefused() throws Exception {
        KeepalivedConfig c = load("static_ipaddress {\n    192.0.2.1/32\n}\n");
        assertEquals("lo", ConfigTranslation.address(c.staticAddresses().get(0), "lo").value().interfaceName());
        assertThrows(IllegalArgumentException.class, () -> ConfigTranslation.address(c.staticAddresses().get(0), null));
    }

    @Test
    void routesInAnyOrderWithTypesTablesAndMetrics() throws Exception {
        KeepalivedConfig c = load("""
                static_routes {
                    192.0.2.0/24 via 198.51.100.1 dev eth0 table 100 metric 5
                    src 198.51.100.7 to 203.0.113.0/24 dev eth1 scope link
                    blackhole 10.9.0.0/16
                    default via 198.51.100.254 table main
                }
                """);
        List<Route> routes = c.staticRoutes().stream().map(r -> ConfigTranslation.route(r).value()).toList();
        Route first = routes.get(0);
        assertEquals(InetAddress.getByName("192.0.2.0"), first.destination());
        assertEquals(InetAddress.getByName("198.51.100.1"), first.gateway());
        assertEquals("eth0", first.device());
        assertEquals(100, first.table());
        assertEquals(5, first.metric());
        Route second = routes.get(1);
        assertEquals(InetAddress.getByName("198.51.100.7"), second.source());
        assertEquals(InetAddress.getByName("203.0.113.0"), second.destination());
        assertEquals(AddressScope.LINK, second.scope());
        assertEquals(RouteType.BLACKHOLE, routes.get(2).type());
        assertEquals(0, routes.get(3).prefixLength());
        assertEquals(254, routes.get(3).table());
    }

    @Test
    void unprogrammedRouteWordsAreReportedNotDropped() throws Exception {
        KeepalivedConfig c = load("static_routes {\n    192.0.2.0/24 via 198.51.100.1 onlink\n}\n");
        assertEquals(List.of("onlink"), ConfigTranslation.route(c.staticRoutes().get(0)).ignored());
    }

    @Test
    void rulesWithPriorityFwmarkAndInterfaces() throws Exception {
        KeepalivedConfig c = load("""
                static_rules {
                    from 192.0.2.0/24 to 198.51.100.0/26 table 100 priority 200 iif eth0 oif eth1
                    from all fwmark 0x20/0xff lookup 101
                }
                """);
        Rule first = ConfigTranslation.rule(c.staticRules().get(0)).value();
        assertEquals(InetAddress.getByName("192.0.2.0"), first.from());
        assertEquals(24, first.fromLength());
        assertEquals(26, first.toLength());
        assertEquals(100, first.table());
        assertEquals(200, first.priority());
        assertEquals("eth0", first.inInterface());
        assertEquals("eth1", first.outInterface());
        Rule second = ConfigTranslation.rule(c.staticRules().get(1)).value();
        assertNull(second.from());
        assertEquals(0x20, second.fwmark());
        assertEquals(0xff, second.fwmask());
        assertEquals(101, second.table());
    }

    @Test
    void tablesByNameNumberOrUnknown() {
        assertEquals(254, ConfigTranslation.table("main"));
        assertEquals(42, ConfigTranslation.table("42"));
        assertThrows(IllegalArgumentException.class, () -> ConfigTranslation.table("no_such_table_name"));
    }
}
