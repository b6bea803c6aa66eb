package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.Ipvlan;
import org.keepalivedj.api.model.Vmac;

/**
 * use_vmac [NAME] [MAC], vmac_prefix, vmac_xmit_base, and strict mode's limits, and use_ipvlan [NAME]
 * [ADDRESS] [MODE], as keepalived 2.2.7 reads them.
 */
class VmacBindingTest {
    private static KeepalivedConfigLoader.Result load(String globals, String instance) throws Exception {
        return Samples.loader()
                .load("global_defs {\n" + globals + "\n}\n" + """
                vrrp_instance VI_1 {
                    interface lo
                    virtual_router_id 51
                    %s
                    virtual_ipaddress {
                        192.0.2.1/32
                    }
                }
                """.formatted(instance), "t.conf", Path.of("."));
    }

    private static Vmac vmac(String globals, String instance) throws Exception {
        return load(globals, instance).config().vrrpInstances().get("VI_1").vmac();
    }

    @Test
    void namesAndMacs() throws Exception {
        assertNull(vmac("", ""));
        assertEquals(new Vmac("vrrp.51", null, false), vmac("", "use_vmac"));
        assertEquals(new Vmac("kvm.51", null, true), vmac("vmac_prefix kvm", "use_vmac\nvmac_xmit_base"));
        assertEquals(new Vmac("myvmac", "02:11:22:33:44:33", false), vmac("", "use_vmac myvmac 02:11:22:33:44"));
        assertEquals(new Vmac("v1", "02:11:22:33:44:0a", false), vmac("", "use_vmac v1 2:11:22:33:44:A"));
        assertEquals(new Vmac("vrrp.51", "02:00:00:00:00:01", false), vmac("", "use_vmac 02:00:00:00:00:01"));
    }

    @Test
    void strictModeDropsTheMacAndXmitBase() throws Exception {
        var result = load("vrrp_strict", "use_vmac v1 02:11:22:33:44\nvmac_xmit_base");
        assertEquals(
                new Vmac("v1", null, false),
                result.config().vrrpInstances().get("VI_1").vmac());
        assertTrue(
                result.warnings().stream().anyMatch(p -> p.message().contains("incompatible with strict mode")),
                result.warnings()::toString);
    }

    @Test
    void aTooLongNameIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("", "use_vmac abcdefghijklmnop"));
        assertTrue(e.getMessage().contains("t.conf:7:"), e::getMessage);
    }

    @Test
    void ipvlanNameAddressAndMode() throws Exception {
        assertEquals(
                new Vmac("ipvl51", null, false, new Ipvlan(IpAddresses.parse("192.0.2.50"), 24, "private")),
                vmac("", "use_ipvlan ipvl51 192.0.2.50/24 private"));
        assertEquals(
                new Vmac("kvm.51", null, false, new Ipvlan(IpAddresses.parse("192.0.2.50"), 32, "bridge")),
                vmac("vmac_prefix kvm", "use_ipvlan 192.0.2.50"));
    }

    @Test
    void ipvlanErrorsNameTheLine() {
        for (String line : new String[] {
            "use_ipvlan ipvl51",
            "use_ipvlan ipvl51 192.0.2.50/33",
            "use_ipvlan ipvl51 192.0.2.50/24 l3",
            "use_ipvlan ipvl51 2001:db8::1/64",
            "use_ipvlan 192.0.2.50/24\nuse_vmac"
        }) {
            ConfigException e = assertThrows(ConfigException.class, () -> load("", line), line);
            assertTrue(e.getMessage().contains("t.conf:") && e.getMessage().contains("use_ipvlan"), e::getMessage);
        }
    }

    private static java.util.List<String> marked(String instanceOptions, String vips, String evips) throws Exception {
        var i = Samples.loader()
                .load("""
                        vrrp_instance VI_1 {
                            interface lo
                            virtual_router_id 51
                            %s
                            virtual_ipaddress {
                        %s
                            }
                            virtual_ipaddress_excluded {
                        %s
                            }
                        }
                        """.formatted(instanceOptions, vips, evips), "t.conf", Path.of("."))
                .config()
                .vrrpInstances()
                .get("VI_1");
        java.util.List<String> out = new java.util.ArrayList<>();
        i.virtualAddresses().stream()
                .filter(org.keepalivedj.api.model.VirtualAddress::useVmac)
                .forEach(a -> out.add(a.address().toString()));
        i.excludedAddresses().stream()
                .filter(org.keepalivedj.api.model.VirtualAddress::useVmac)
                .forEach(a -> out.add(a.address().toString()));
        return out;
    }

    @Test
    void useVmacAddrMarksTheAddressesOffTheInterfaceOrOfTheOtherFamily() throws Exception {
        String vips = "192.0.2.1/24\n192.0.2.2/24 dev lo\n192.0.2.3/24 dev eth7";
        String evips = "2001:db8::1/64\n192.0.2.4/24";
        assertEquals(java.util.List.of(), marked("", vips, evips));
        assertEquals(java.util.List.of("192.0.2.3/24", "2001:db8::1/64"), marked("use_vmac_addr", vips, evips));
        // use_vmac on a line asks for it, whatever the instance says
        assertEquals(
                java.util.List.of("192.0.2.1/24", "2001:db8::1/64"),
                marked("", "192.0.2.1/24 use_vmac", "2001:db8::1/64 dev lo use_vmac"));
    }

    @Test
    void aVmacPrefixThatCannotStartAnInterfaceNameIsAnErrorAtItsWord() {
        for (String bad :
                new String[] {"vmac_addr_prefix a/b", "vmac_prefix vm:a", "vmac_addr_prefix abcdefghijklmnop"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(bad, "use_vmac_addr"), bad);
            assertTrue(
                    e.getMessage().contains("t.conf:2:") && e.getMessage().contains(bad.split(" ")[0]), e::getMessage);
        }
    }
}
