package org.keepalivedj.vrrp.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.VirtualAddress;
import org.keepalivedj.api.model.VrrpInstance;

/**
 * The VMACs of addresses (use_vmac on an address line, or use_vmac_addr, which the config marks on
 * each address it picks), named as keepalived 2.2.7 names them: one per instance, parent interface and
 * family, {@code PREFIX.VRID} with vmac_addr_prefix (else vmac_prefix, else vrrp), {@code PREFIX6.VRID}
 * for an IPv6 address of an IPv4 instance, and {@code PREFIXn.VRID} (n = 1, 2, ...) while the name is
 * taken by an instance's own VMAC or an earlier address VMAC. An address that use_vmac puts on the
 * instance's interface, of the instance's family, goes on the instance's own VMAC when it has one.
 */
final class AddressVmacs {

    /** One address VMAC: a private-mode macvlan with the VRRP virtual MAC of its family. */
    record AddressVmac(String name, String parent, boolean ipv6, int vrid) {
        byte[] mac() {
            return new byte[] {0, 0, 0x5e, 0, (byte) (ipv6 ? 2 : 1), (byte) vrid};
        }
    }

    private static final int IFNAMSIZ = 15;

    /** Instance name to its address lines' VMACs (lines without one are absent). */
    private final Map<String, Map<VirtualAddress, AddressVmac>> byInstance;

    private AddressVmacs(Map<String, Map<VirtualAddress, AddressVmac>> byInstance) {
        this.byInstance = byInstance;
    }

    static final AddressVmacs NONE = new AddressVmacs(Map.of());

    /** Names every address VMAC of the config, instances in their config order. */
    static AddressVmacs of(KeepalivedConfig config) {
        Settings g = config.globalDefs().settings();
        String prefix = g.get("vmac_addr_prefix") != null
                ? g.get("vmac_addr_prefix").strip()
                : g.get("vmac_prefix") != null ? g.get("vmac_prefix").strip() : "vrrp";
        Set<String> taken = new HashSet<>();
        for (VrrpInstance i : config.vrrpInstances().values()) {
            if (i.vmac() != null) {
                taken.add(i.vmac().name());
            }
        }
        Map<String, Map<VirtualAddress, AddressVmac>> out = new LinkedHashMap<>();
        for (VrrpInstance i : config.vrrpInstances().values()) {
            Family own = family(i);
            Map<VirtualAddress, AddressVmac> lines = new LinkedHashMap<>();
            Map<String, AddressVmac> byParentAndFamily = new LinkedHashMap<>();
            List<VirtualAddress> all = new ArrayList<>(i.virtualAddresses());
            all.addAll(i.excludedAddresses());
            for (VirtualAddress a : all) {
                if (!a.useVmac()) {
                    continue;
                }
                String parent = a.device() != null ? a.device() : i.interfaceName();
                boolean onOwnVmac = i.vmac() != null
                        && i.vmac().ipvlan() == null
                        && parent.equals(i.interfaceName())
                        && a.family() == own;
                if (onOwnVmac) {
                    continue;
                }
                boolean ipv6 = a.family() == Family.INET6;
                AddressVmac vmac = byParentAndFamily.computeIfAbsent(parent + "/" + ipv6, k -> {
                    String base = prefix + (ipv6 && own == Family.INET ? "6" : "");
                    String name = name(base, "", i.virtualRouterId());
                    for (int n = 1; taken.contains(name); n++) {
                        name = name(base, Integer.toString(n), i.virtualRouterId());
                    }
                    taken.add(name);
                    return new AddressVmac(name, parent, ipv6, i.virtualRouterId());
                });
                lines.put(a, vmac);
            }
            if (!lines.isEmpty()) {
                out.put(i.name(), lines);
            }
        }
        return new AddressVmacs(out);
    }

    /** The instance's family; a model built without one is IPv6 when its first VIP is. */
    private static Family family(VrrpInstance i) {
        if (i.family() != null) {
            return i.family();
        }
        return !i.virtualAddresses().isEmpty() && i.virtualAddresses().get(0).family() == Family.INET6
                ? Family.INET6
                : Family.INET;
    }

    /** base, number, "." VRID; the base is cut so that the name fits in an interface name, as keepalived cuts it. */
    private static String name(String base, String number, int vrid) {
        String tail = number + "." + vrid;
        return base.substring(0, Math.min(base.length(), IFNAMSIZ - tail.length())) + tail;
    }

    /** The instance's address lines that go on a VMAC of their own, with it. */
    Map<VirtualAddress, AddressVmac> of(String instance) {
        return byInstance.getOrDefault(instance, Map.of());
    }
}
