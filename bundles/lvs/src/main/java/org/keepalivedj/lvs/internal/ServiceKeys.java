package org.keepalivedj.lvs.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.api.model.VirtualServerGroup;
import org.keepalivedj.api.model.VsTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kernel services a virtual_server line stands for: one address, one fwmark, or a group's lines with their ranges. */
final class ServiceKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceKeys.class);

    private ServiceKeys() {}

    static List<ServiceKey> of(VirtualServer vs, Map<String, VirtualServerGroup> groups) {
        Family family = vs.family() != null ? vs.family() : Family.INET;
        if (vs.target() instanceof VsTarget.Address a) {
            return List.of(ServiceKey.of(a.endpoint().address(), a.endpoint().port(), vs.protocol()));
        }
        if (vs.target() instanceof VsTarget.Fwmark f) {
            return List.of(ServiceKey.fwmark(f.mark(), family, vs.protocol()));
        }
        String name = ((VsTarget.Group) vs.target()).name();
        VirtualServerGroup group = groups.get(name);
        if (group == null) {
            LOG.warn("virtual_server group {} is not defined: {} has no service", name, vs.key());
            return List.of();
        }
        List<ServiceKey> keys = new ArrayList<>();
        for (VirtualServerGroup.Entry e : group.entries()) {
            if (e.isFwmark()) {
                keys.add(ServiceKey.fwmark(e.fwmark(), family, vs.protocol()));
            } else {
                for (InetAddress address : range(e.address(), e.rangeEnd())) {
                    keys.add(ServiceKey.of(address, e.port(), vs.protocol()));
                }
            }
        }
        return List.copyOf(keys);
    }

    /** The address alone, or up to rangeEnd in its last byte (IPv4) or last 16-bit group (IPv6). */
    static List<InetAddress> range(InetAddress first, int rangeEnd) {
        if (rangeEnd < 0) {
            return List.of(first);
        }
        byte[] b = first.getAddress();
        boolean v4 = b.length == 4;
        int start = v4 ? b[3] & 0xff : ((b[14] & 0xff) << 8) | (b[15] & 0xff);
        List<InetAddress> out = new ArrayList<>();
        for (int i = start; i <= rangeEnd; i++) {
            if (v4) {
                b[3] = (byte) i;
            } else {
                b[14] = (byte) (i >> 8);
                b[15] = (byte) i;
            }
            try {
                out.add(InetAddress.getByAddress(b.clone()));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
            }
        }
        return out;
    }
}
