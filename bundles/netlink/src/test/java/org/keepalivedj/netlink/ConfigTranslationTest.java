package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.ManagedAddress;

/** Address lines as keepalived.conf writes them, through the real config loader, mapped into netlink terms. */
class ConfigTranslationTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void addressesCarryDeviceScopeLabelBroadcastAndFlags() throws Exception {
        KeepalivedConfig c = Configs.load("""
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
        KeepalivedConfig c = Configs.load("""
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
                Configs.load("global_defs {\n    default_interface lo\n}\nstatic_ipaddress {\n    192.0.2.1/32\n}\n");
        assertEquals(
                "lo",
                ConfigTranslation.address(c.staticAddresses().get(0), null).interfaceName());
    }
}
