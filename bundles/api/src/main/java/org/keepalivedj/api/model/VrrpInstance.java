package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * vrrp_instance NAME { ... }. Defaults are resolved (priority 100, advert_int 1 s, version from
 * global_defs, garp from global_defs); addresses null when not given. accept is null when not
 * given (keepalived then accepts unless vrrp_strict). settings keeps the rarely-used keywords verbatim.
 */
public record VrrpInstance(Origin origin, String name, VrrpState initialState, String interfaceName,
                           int virtualRouterId, int priority, Duration advertInterval, int version, Family family,
                           boolean nopreempt, Duration preemptDelay, Boolean accept,
                           InetAddress sourceAddress, InetAddress multicastGroup, List<UnicastPeer> unicastPeers,
                           List<VirtualAddress> virtualAddresses, List<VirtualAddress> excludedAddresses,
                           List<IpRoute> virtualRoutes, List<IpRule> virtualRules, Tracking tracking,
                           boolean dontTrackPrimary, String useVmac, Authentication authentication,
                           NotifyScripts notifyScripts, boolean smtpAlert, GarpSettings garp, Settings settings) {
    public VrrpInstance {
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
