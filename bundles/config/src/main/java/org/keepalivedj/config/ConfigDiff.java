package org.keepalivedj.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.VirtualServer;

/**
 * What a reload must do: the named objects added, removed and changed between two models.
 * Unchanged objects do not appear. A virtual server whose own settings are equal but whose real
 * servers differ appears only through its real_server changes (keyed "VS-KEY real_server RS-KEY").
 */
public record ConfigDiff(List<Change> changes) {
    public enum Kind { ADDED, REMOVED, CHANGED }

    /** One object: its kind of block ("vrrp_instance", "real_server", ...), its key, before and after. */
    public record Change(Kind kind, String block, String key, Object before, Object after) {
        @Override
        public String toString() {
            return kind + " " + block + " " + key;
        }
    }

    public ConfigDiff {
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<Change> of(String block) {
        return changes.stream().filter(c -> c.block().equals(block)).toList();
    }

    public static ConfigDiff between(KeepalivedConfig before, KeepalivedConfig after) {
        List<Change> out = new ArrayList<>();
        single(out, "global_defs", before.globalDefs(), after.globalDefs());
        single(out, "root", before.rootSettings(), after.rootSettings());
        single(out, "SSL", before.ssl(), after.ssl());
        single(out, "linkbeat_interfaces", before.linkbeatInterfaces(), after.linkbeatInterfaces());
        single(out, "interface_up_down_delays", before.interfaceUpDownDelays(), after.interfaceUpDownDelays());
        maps(out, "static_ipaddress", keyed(before.staticAddresses(), a -> a.address() + " dev " + a.device()),
                keyed(after.staticAddresses(), a -> a.address() + " dev " + a.device()));
        maps(out, "static_routes", keyed(before.staticRoutes(), NetLineText::route),
                keyed(after.staticRoutes(), NetLineText::route));
        maps(out, "static_rules", keyed(before.staticRules(), NetLineText::rule),
                keyed(after.staticRules(), NetLineText::rule));
        maps(out, "garp_group", keyed(before.garpGroups(), g -> String.join(",", g.interfaces())),
                keyed(after.garpGroups(), g -> String.join(",", g.interfaces())));
        maps(out, "track_group", before.trackGroups(), after.trackGroups());
        maps(out, "vrrp_script", before.vrrpScripts(), after.vrrpScripts());
        maps(out, "track_file", before.trackFiles(), after.trackFiles());
        maps(out, "vrrp_track_process", before.trackProcesses(), after.trackProcesses());
        maps(out, "bfd_instance", before.bfdInstances(), after.bfdInstances());
        maps(out, "vrrp_instance", before.vrrpInstances(), after.vrrpInstances());
        maps(out, "vrrp_sync_group", before.syncGroups(), after.syncGroups());
        maps(out, "virtual_server_group", before.virtualServerGroups(), after.virtualServerGroups());
        virtualServers(out, before.virtualServers(), after.virtualServers());
        return new ConfigDiff(out);
    }

    private static void virtualServers(List<Change> out, Map<String, VirtualServer> before, Map<String, VirtualServer> after) {
        before.forEach((key, old) -> {
            VirtualServer now = after.get(key);
            if (now == null) {
                out.add(new Change(Kind.REMOVED, "virtual_server", key, old, null));
                return;
            }
            if (!withoutReals(old).equals(withoutReals(now))) {
                out.add(new Change(Kind.CHANGED, "virtual_server", key, old, now));
            }
            Map<String, RealServer> oldReals = prefixed(key, old.realServers());
            Map<String, RealServer> newReals = prefixed(key, now.realServers());
            maps(out, "real_server", oldReals, newReals);
        });
        after.forEach((key, now) -> {
            if (!before.containsKey(key)) {
                out.add(new Change(Kind.ADDED, "virtual_server", key, null, now));
            }
        });
    }

    private static VirtualServer withoutReals(VirtualServer vs) {
        return new VirtualServer(vs.origin(), vs.target(), vs.protocol(), vs.family(), vs.scheduler(),
                vs.schedulerFlags(), vs.method(), vs.persistenceTimeout(), vs.persistenceGranularity(),
                vs.persistenceEngine(), vs.haSuspend(), vs.virtualhost(), vs.alpha(), vs.omega(), vs.quorum(),
                vs.hysteresis(), vs.quorumUp(), vs.quorumDown(), vs.inhibitOnFailure(), vs.sorryServer(),
                vs.smtpAlert(), vs.timing(), vs.settings(), Map.of());
    }

    private static Map<String, RealServer> prefixed(String vsKey, Map<String, RealServer> reals) {
        Map<String, RealServer> out = new LinkedHashMap<>();
        reals.forEach((k, v) -> out.put(vsKey + " real_server " + k, v));
        return out;
    }

    private static <T> Map<String, T> keyed(List<T> list, Function<T, String> key) {
        Map<String, T> out = new LinkedHashMap<>();
        list.forEach(v -> out.putIfAbsent(key.apply(v), v));
        return out;
    }

    private static void single(List<Change> out, String block, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            out.add(new Change(before == null ? Kind.ADDED : after == null ? Kind.REMOVED : Kind.CHANGED,
                    block, block, before, after));
        }
    }

    private static <T> void maps(List<Change> out, String block, Map<String, T> before, Map<String, T> after) {
        before.forEach((key, old) -> {
            T now = after.get(key);
            if (now == null) {
                out.add(new Change(Kind.REMOVED, block, key, old, null));
            } else if (!old.equals(now)) {
                out.add(new Change(Kind.CHANGED, block, key, old, now));
            }
        });
        after.forEach((key, now) -> {
            if (!before.containsKey(key)) {
                out.add(new Change(Kind.ADDED, block, key, null, now));
            }
        });
    }
}
