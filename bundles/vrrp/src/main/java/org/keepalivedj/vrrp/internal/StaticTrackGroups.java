package org.keepalivedj.vrrp.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.TrackGroup;
import org.keepalivedj.api.model.VirtualAddress;

/**
 * track_group: a static_ipaddress line with {@code track_group G} is followed by the instances the
 * group lists. keepalived puts a deleted static address back at once; only when that fails (its
 * interface is gone) do those instances go to FAULT, and they leave it when the interface is back
 * and the address restored. The static addresses themselves are kept by staticnet, so what an
 * instance tracks here is the existence of each such address's interface, with weight 0.
 */
final class StaticTrackGroups {

    private StaticTrackGroups() {}

    /** The tracker key of a static address's interface. */
    static String key(String device) {
        return "static address on " + device;
    }

    /** The interfaces of the static addresses whose track_group lists this instance. */
    static Set<String> devices(KeepalivedConfig config, String instance) {
        Set<String> out = new LinkedHashSet<>();
        for (VirtualAddress a : config.staticAddresses()) {
            TrackGroup g = a.trackGroup() == null ? null : config.trackGroups().get(a.trackGroup());
            if (g != null && a.device() != null && g.instances().contains(instance)) {
                out.add(a.device());
            }
        }
        return out;
    }
}
