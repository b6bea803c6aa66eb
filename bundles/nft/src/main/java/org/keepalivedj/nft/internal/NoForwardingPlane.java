package org.keepalivedj.nft.internal;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plane when the kernel has neither IPVS nor a usable nftables (or {@code data.plane = none}):
 * accepts everything, forwards nothing, and says so once, so health checks still run and show.
 */
public final class NoForwardingPlane implements ForwardingPlane {

    private static final Logger LOG = LoggerFactory.getLogger(NoForwardingPlane.class);

    private final String reason;
    private final AtomicBoolean warned = new AtomicBoolean();

    public NoForwardingPlane(String reason) {
        this.reason = reason;
    }

    @Override
    public String name() {
        return "none";
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void apply(Collection<ServiceSpec> services) {
        if (!services.isEmpty() && warned.compareAndSet(false, true)) {
            LOG.warn("no data plane ({}): virtual servers are checked, but no traffic is forwarded to them", reason);
        }
    }

    @Override
    public void clear() {
        // nothing was installed
    }

    @Override
    public List<ServiceStatistics> statistics() {
        return List.of();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
