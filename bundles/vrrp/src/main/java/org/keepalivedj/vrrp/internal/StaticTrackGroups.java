package org.keepalivedj.vrrp.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.TrackGroup;
import org.keepalivedj.api.model.VirtualAddress;

/**
 * track_group: a static_ipaddress, static_routes or static_rules line with {@code track_group G}
 * is followed by the instances the group lists. keepalived puts a deleted static address, route or
 * rule back at once, so a deletion alone changes nothing; what faults the group's instances is
 * the line's interface (an address's or route's {@code dev}, a rule's {@code iif}) being down,
 * without carrier or deleted, and they leave FAULT when it is up again (keepalived 2.2.7, measured).
 * The lines themselves are kept by staticnet; an instance tracks each such interface with weight 0.
 */
final class StaticTrackGroups {

    private StaticTrackGroups() {}

    /** The tracker key of an interface named by a static line with track_group. */
    static String key(String device) {
        return "static track_group interface " + device;
    }

    /** The interfaces of the static lines whose track_group lists this instance. */
    static Set<String> devices(KeepalivedConfig config, String instance) {
        Set<String> out = new LinkedHashSet<>();
        for (VirtualAddress a : config.staticAddresses()) {
            add(out, config, instance, a.trackGroup(), a.device());
        }
        for (IpRoute r : config.staticRoutes()) {
            add(out, config, instance, r.trackGroup(), r.device());
        }
        for (IpRule r : config.staticRules()) {
            add(out, config, instance, r.trackGroup(), r.inInterface());
        }
        return out;
    }

    private static void add(Set<String> out, KeepalivedConfig config, String instance, String group, String device) {
        TrackGroup g = group == null ? null : config.trackGroups().get(group);
        if (g != null && device != null && g.instances().contains(instance)) {
            out.add(device);
        }
    }
}
