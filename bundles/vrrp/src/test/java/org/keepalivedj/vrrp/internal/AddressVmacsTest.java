package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.KeepalivedConfigLoader;

/**
 * Address VMAC names as keepalived 2.2.7 gave them (docs/vrrp-interfaces.md): one per instance, parent
 * and family; PREFIX6 for IPv6 in an IPv4 instance; PREFIXn while a name is taken.
 */
class AddressVmacsTest {

    private static Map<String, String> names(String globals, String instances) throws Exception {
        KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                .load("global_defs {\n" + globals + "\n}\n" + instances, "t.conf", Path.of("."))
                .config();
        AddressVmacs vmacs = AddressVmacs.of(config);
        Map<String, String> out = new LinkedHashMap<>();
        for (String instance : config.vrrpInstances().keySet()) {
            vmacs.of(instance)
                    .forEach((line, v) -> out.put(
                            line.address().toString(), v.name() + "@" + v.parent() + (v.ipv6() ? " v6" : " v4")));
        }
        return out;
    }

    private static String instance(String name, int vrid, String options, String vips, String evips) {
        return "vrrp_instance " + name + " {\n interface eth9\n virtual_router_id " + vrid + "\n" + options
                + "\n virtual_ipaddress {\n" + vips + "\n }\n virtual_ipaddress_excluded {\n" + evips + "\n }\n}\n";
    }

    @Test
    void namedAsKeepalivedNamedThem() throws Exception {
        String v6 = instance(
                "V6",
                61,
                "use_vmac_addr",
                "fd09::100/64\nfd08::100/64 dev eth8",
                "10.8.0.161/24 dev eth8\n10.9.0.161/24");
        String v4 =
                instance("V4", 62, "use_vmac\nuse_vmac_addr", "10.9.0.162/24", "fd09::162/64\n10.9.0.163/24 dev eth9");
        String v5 = instance("V5", 63, "", "10.9.0.164/24 use_vmac\n10.9.0.165/24 dev eth9 use_vmac", "");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("fd08::100/64", "vrrp.61@eth8 v6");
        expected.put("10.8.0.161/24", "vrrp1.61@eth8 v4");
        expected.put("10.9.0.161/24", "vrrp2.61@eth9 v4");
        expected.put("fd09::162/64", "vrrp6.62@eth9 v6");
        expected.put("10.9.0.164/24", "vrrp.63@eth9 v4");
        expected.put("10.9.0.165/24", "vrrp.63@eth9 v4");
        assertEquals(expected, names("", v6 + v4 + v5));
    }

    @Test
    void theInstanceVmacTakesTheFirstNameAndPrefixesAreCutToFit() throws Exception {
        String va = instance("VA", 71, "use_vmac\nuse_vmac_addr", "10.9.0.171/24\n10.8.0.171/24 dev eth8", "");
        assertEquals(Map.of("10.8.0.171/24", "vrrp1.71@eth8 v4"), names("", va));
        assertEquals(Map.of("10.8.0.171/24", "kva.71@eth8 v4"), names("vmac_addr_prefix kva", va));
        assertEquals(Map.of("10.8.0.171/24", "kvm1.71@eth8 v4"), names("vmac_prefix kvm", va));
        String vb = instance("VB", 71, "use_vmac_addr", "10.9.0.171/24\n10.8.0.171/24 dev eth8", "");
        // keepalived 2.2.7 made abcdefghijkl.71 of this 14-character prefix
        assertEquals(Map.of("10.8.0.171/24", "abcdefghijkl.71@eth8 v4"), names("vmac_addr_prefix abcdefghijklmn", vb));
    }
}
