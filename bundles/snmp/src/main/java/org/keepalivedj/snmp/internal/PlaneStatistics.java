package org.keepalivedj.snmp.internal;

import java.util.List;
import java.util.function.LongSupplier;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane's counters as one table of KEEPALIVED-MIB serves them: read again only when the
 * interval a global keyword sets ({@code snmp_vs_stats_update_interval} or {@code
 * snmp_rs_stats_update_interval}, seconds, 0: every request) has passed, as keepalived caches them.
 * Without a plane, or when it fails, the counters are empty (served as zeros).
 */
final class PlaneStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(PlaneStatistics.class);

    private final MibInputs in;
    private final String keyword;
    private final LongSupplier nanos;
    private List<ServiceStatistics> last = List.of();
    private long readAt;
    private boolean read;
    private boolean failing;

    PlaneStatistics(MibInputs in, String keyword) {
        this(in, keyword, System::nanoTime);
    }

    PlaneStatistics(MibInputs in, String keyword, LongSupplier nanos) {
        this.in = in;
        this.keyword = keyword;
        this.nanos = nanos;
    }

    synchronized List<ServiceStatistics> get() {
        long now = nanos.getAsLong();
        if (read && now - readAt < intervalNanos()) {
            return last;
        }
        read = true;
        readAt = now;
        ForwardingPlane plane = in.plane().get();
        if (plane == null) {
            last = List.of();
            return last;
        }
        try {
            last = plane.statistics();
            failing = false;
        } catch (ForwardingPlaneException | RuntimeException e) {
            if (!failing) {
                LOG.warn("SNMP: the {} data plane's statistics are unavailable: {}", plane.name(), e.getMessage());
            }
            failing = true;
            last = List.of();
        }
        return last;
    }

    private long intervalNanos() {
        KeepalivedConfig c = in.config().get();
        String v = c == null ? null : c.globalDefs().settings().get(keyword);
        return v != null && v.matches("\\d{1,9}") ? Long.parseLong(v) * 1_000_000_000L : 0;
    }
}
