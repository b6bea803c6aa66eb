package org.keepalivedj.api.model;

import java.util.List;
import java.util.Map;

/**
 * A whole keepalived.conf, bound and validated. Named objects are in maps keyed by name (virtual
 * servers by {@link VirtualServer#key()}), in declaration order; equality ignores order and location.
 * rootSettings holds top-level keywords (net_namespace, instance, use_pid_dir, ...);
 * interfaceUpDownDelays is keyed by interface name. netNamespace is null unless the config names
 * one with net_namespace.
 */
public record KeepalivedConfig(
        GlobalDefs globalDefs,
        Settings rootSettings,
        List<VirtualAddress> staticAddresses,
        List<IpRoute> staticRoutes,
        List<IpRule> staticRules,
        Map<String, TrackGroup> trackGroups,
        Map<String, VrrpScript> vrrpScripts,
        Map<String, TrackFile> trackFiles,
        Map<String, TrackProcess> trackProcesses,
        Map<String, BfdInstance> bfdInstances,
        Map<String, SyncGroup> syncGroups,
        List<GarpGroup> garpGroups,
        List<String> linkbeatInterfaces,
        Map<String, InterfaceDelays> interfaceUpDownDelays,
        Map<String, VrrpInstance> vrrpInstances,
        SslSettings ssl,
        Map<String, VirtualServerGroup> virtualServerGroups,
        Map<String, VirtualServer> virtualServers,
        NetNamespace netNamespace) {
    public KeepalivedConfig {
        staticAddresses = List.copyOf(staticAddresses);
        staticRoutes = List.copyOf(staticRoutes);
        staticRules = List.copyOf(staticRules);
        trackGroups = NamedMaps.copyOf(trackGroups);
        vrrpScripts = NamedMaps.copyOf(vrrpScripts);
        trackFiles = NamedMaps.copyOf(trackFiles);
        trackProcesses = NamedMaps.copyOf(trackProcesses);
        bfdInstances = NamedMaps.copyOf(bfdInstances);
        syncGroups = NamedMaps.copyOf(syncGroups);
        garpGroups = List.copyOf(garpGroups);
        linkbeatInterfaces = List.copyOf(linkbeatInterfaces);
        interfaceUpDownDelays = interfaceUpDownDelays == null ? Map.of() : NamedMaps.copyOf(interfaceUpDownDelays);
        vrrpInstances = NamedMaps.copyOf(vrrpInstances);
        virtualServerGroups = NamedMaps.copyOf(virtualServerGroups);
        virtualServers = NamedMaps.copyOf(virtualServers);
    }
}
