package org.keepalivedj.core.internal.dump;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keepalivedj.api.vrrp.VrrpInstanceView;

/**
 * keepalived's STATS_CLEAR for the dumps: the counters at the moment of the clear become the zero
 * point. The engines' own counters stay monotonic, so the metrics endpoint is not disturbed.
 */
public final class StatsBaseline {
    private final Map<String, Map<String, Long>> zeroes = new ConcurrentHashMap<>();

    /** From now on the dumps count from these instances' present counters. */
    public void clear(List<VrrpInstanceView> instances) {
        for (VrrpInstanceView v : instances) {
            zeroes.put(v.name(), Map.copyOf(v.counters()));
        }
    }

    /** The instance's counters since the last clear. */
    public Map<String, Long> counters(VrrpInstanceView v) {
        Map<String, Long> now = v.counters();
        Map<String, Long> zero = zeroes.getOrDefault(v.name(), Map.of());
        Map<String, Long> since = new LinkedHashMap<>();
        now.forEach((name, value) -> {
            long base = zero.getOrDefault(name, 0L);
            // Below the zero point the instance was restarted (a reload): its counters began again.
            since.put(name, value >= base ? value - base : value);
        });
        return since;
    }
}
