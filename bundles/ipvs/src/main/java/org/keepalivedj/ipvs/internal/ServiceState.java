package org.keepalivedj.ipvs.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** One service and its destinations, as the kernel holds them or as we want them. */
record ServiceState(KernelService service, Map<KernelDestination.Endpoint, KernelDestination> destinations) {
    ServiceState {
        destinations = new LinkedHashMap<>(destinations);
    }
}
