package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * vrrp_instance NAME { ... }. Defaults are resolved as keepalived resolves them: priority 100 (255
 * for a MASTER without priority), initial state MASTER only when given or priority is 255, version 3
 * for IPv6 else global_defs' vrrp_version, advert_int 1 s, garp from global_defs. Authentication
 * that the version, family or strict mode cannot carry is dropped (with a warning); with auth_hmac (null when absent) the
 * authentication block is dropped, as keepalived 2.4 drops it. Addresses are
 * null when not given; accept is null when not given (keepalived then accepts when owner or not
 * strict). settings keeps the keywords the engine reads rarely (strict_mode, garp_extra_if, ...) verbatim.
 */
public record VrrpInstance(
        Origin origin,
        String name,
        VrrpState initialState,
        String interfaceName,
        int virtualRouterId,
        int priority,
        Duration advertInterval,
        int version,
        Family family,
        boolean nopreempt,
        Duration preemptDelay,
        Boolean accept,
        InetAddress sourceAddress,
        InetAddress multicastGroup,
        List<UnicastPeer> unicastPeers,
        List<VirtualAddress> virtualAddresses,
        List<VirtualAddress> excludedAddresses,
        List<IpRoute> virtualRoutes,
        List<IpRule> virtualRules,
        Tracking tracking,
        boolean dontTrackPrimary,
        Vmac vmac,
        Authentication authentication,
        HmacAuthentication hmacAuthentication,
        NotifyScripts notifyScripts,
        SmtpAlert smtpAlert,
        GarpSettings garp,
        AdvertOptions advertOptions,
        Settings settings) {
    public VrrpInstance {
        advertOptions = advertOptions == null ? AdvertOptions.RFC : advertOptions;
        unicastPeers = List.copyOf(unicastPeers);
        virtualAddresses = List.copyOf(virtualAddresses);
        excludedAddresses = List.copyOf(excludedAddresses);
        virtualRoutes = List.copyOf(virtualRoutes);
        virtualRules = List.copyOf(virtualRules);
    }

    public boolean unicast() {
        return !unicastPeers.isEmpty();
    }
}
