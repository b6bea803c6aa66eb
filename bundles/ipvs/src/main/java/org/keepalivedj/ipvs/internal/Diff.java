package org.keepalivedj.ipvs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.lvs.ServiceKey;

/**
 * The minimal list of kernel calls from what the kernel holds to what is wanted. Only services in
 * {@code ours} are ever deleted; a wanted service that already exists is taken over and corrected.
 */
final class Diff {

    private Diff() {}

    static List<Change> between(
            Map<ServiceKey, ServiceState> kernel, Map<ServiceKey, ServiceState> wanted, Set<ServiceKey> ours) {
        List<Change> changes = new ArrayList<>();
        for (ServiceKey key : ours) {
            if (!wanted.containsKey(key) && kernel.containsKey(key)) {
                changes.add(new Change.DeleteService(key));
            }
        }
        for (Map.Entry<ServiceKey, ServiceState> e : wanted.entrySet()) {
            ServiceKey key = e.getKey();
            ServiceState want = e.getValue();
            ServiceState have = kernel.get(key);
            if (have == null) {
                changes.add(new Change.AddService(key, want.service()));
                for (KernelDestination d : want.destinations().values()) {
                    changes.add(new Change.AddDestination(key, d));
                }
                continue;
            }
            if (have.service().differsFrom(want.service())) {
                changes.add(new Change.ChangeService(key, want.service()));
            }
            destinations(key, have, want, changes);
        }
        return changes;
    }

    private static void destinations(ServiceKey key, ServiceState have, ServiceState want, List<Change> changes) {
        for (KernelDestination.Endpoint endpoint : have.destinations().keySet()) {
            if (!want.destinations().containsKey(endpoint)) {
                changes.add(new Change.DeleteDestination(key, endpoint));
            }
        }
        for (KernelDestination d : want.destinations().values()) {
            KernelDestination current = have.destinations().get(d.endpoint());
            if (current == null) {
                changes.add(new Change.AddDestination(key, d));
            } else if (!current.equals(d)) {
                changes.add(new Change.ChangeDestination(key, d));
            }
        }
    }
}
