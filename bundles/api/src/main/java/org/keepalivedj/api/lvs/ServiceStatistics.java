package org.keepalivedj.api.lvs;

import java.util.Map;

/**
 * What the data plane counted for one service and each of its destinations (keyed by
 * {@link Destination#toString()}). Rates are per second as the kernel estimates them, 0 where the
 * plane has no estimator.
 */
public record ServiceStatistics(ServiceKey key, Counters total, Map<String, Counters> destinations) {
    public ServiceStatistics {
        destinations = Map.copyOf(destinations);
    }

    public record Counters(
            long connections,
            long packetsIn,
            long packetsOut,
            long bytesIn,
            long bytesOut,
            long activeConnections,
            long inactiveConnections,
            long connectionRate,
            long packetRateIn,
            long packetRateOut,
            long byteRateIn,
            long byteRateOut) {}
}
