package org.keepalivedj.management.internal;

import java.util.List;
import java.util.function.ToLongFunction;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.management.VirtualServerMXBean;

/** One virtual server; looked up by key on every call, as a reload may replace it. */
final class VirtualServerMBean extends EmittingMBean implements VirtualServerMXBean {
    private final LvsRuntime runtime;
    private final PlaneHolder plane;
    private final String key;

    VirtualServerMBean(LvsRuntime runtime, PlaneHolder plane, String key) {
        super(VirtualServerMXBean.class, "quorum gained or lost", QUORUM);
        this.runtime = runtime;
        this.plane = plane;
        this.key = key;
    }

    void quorumChanged(boolean up) {
        emit(QUORUM, key + " quorum " + (up ? "up" : "down"), up);
    }

    private VirtualServerView view() {
        return runtime.virtualServer(key)
                .orElseThrow(() -> new IllegalStateException("virtual server " + key + " is gone"));
    }

    @Override
    public String getKey() {
        return key;
    }

    @Override
    public String[] getServices() {
        return view().services().stream().map(ServiceKey::toString).toArray(String[]::new);
    }

    @Override
    public String getDataPlane() {
        return runtime.planeName();
    }

    @Override
    public int getQuorum() {
        return view().quorum();
    }

    @Override
    public int getHysteresis() {
        return view().hysteresis();
    }

    @Override
    public int getAliveWeight() {
        return view().aliveWeight();
    }

    @Override
    public boolean isQuorumUp() {
        return view().quorumUp();
    }

    @Override
    public boolean isSorryServerActive() {
        return view().sorryServerActive();
    }

    @Override
    public boolean isSuspended() {
        return view().suspended();
    }

    @Override
    public String[] getRealServers() {
        return view().realServers().stream().map(RealServerView::key).toArray(String[]::new);
    }

    @Override
    public long getConnections() {
        return sum(ServiceStatistics.Counters::connections);
    }

    @Override
    public long getPacketsIn() {
        return sum(ServiceStatistics.Counters::packetsIn);
    }

    @Override
    public long getPacketsOut() {
        return sum(ServiceStatistics.Counters::packetsOut);
    }

    @Override
    public long getBytesIn() {
        return sum(ServiceStatistics.Counters::bytesIn);
    }

    @Override
    public long getBytesOut() {
        return sum(ServiceStatistics.Counters::bytesOut);
    }

    /** The data plane's counters over this virtual server's services; 0 without a plane. */
    private long sum(ToLongFunction<ServiceStatistics.Counters> counter) {
        ForwardingPlane p = plane.get();
        if (p == null) {
            return 0;
        }
        List<ServiceKey> mine = view().services();
        try {
            return p.statistics().stream()
                    .filter(s -> mine.contains(s.key()))
                    .mapToLong(s -> counter.applyAsLong(s.total()))
                    .sum();
        } catch (ForwardingPlaneException e) {
            throw new IllegalStateException("data plane statistics unavailable: " + e.getMessage(), e);
        }
    }
}
