package org.keepalivedj.management.internal;

import java.util.List;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.management.CheckerState;
import org.keepalivedj.management.RealServerMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One real server; looked up on every call, as a reload may replace it. Live changes are logged. */
final class RealServerMBean extends EmittingMBean implements RealServerMXBean {
    private static final Logger LOG = LoggerFactory.getLogger(RealServerMBean.class);

    private final LvsRuntime runtime;
    private final String virtualServer;
    private final String key;

    RealServerMBean(LvsRuntime runtime, String virtualServer, String key) {
        super(RealServerMXBean.class, "real server up or down", UP, DOWN);
        this.runtime = runtime;
        this.virtualServer = virtualServer;
        this.key = key;
    }

    void changed(boolean up) {
        emit(up ? UP : DOWN, key + " in " + virtualServer + (up ? " UP" : " DOWN"), null);
    }

    private RealServerView view() {
        return runtime.virtualServer(virtualServer)
                .flatMap(v -> v.realServer(key))
                .orElseThrow(
                        () -> new IllegalStateException("real server " + key + " of " + virtualServer + " is gone"));
    }

    @Override
    public String getKey() {
        return key;
    }

    @Override
    public String getVirtualServer() {
        return virtualServer;
    }

    @Override
    public boolean isUp() {
        return view().up();
    }

    @Override
    public int getConfiguredWeight() {
        return view().configuredWeight();
    }

    @Override
    public int getWeight() {
        return view().weight();
    }

    @Override
    public int getEffectiveWeight() {
        return view().effectiveWeight();
    }

    @Override
    public String getAdminState() {
        return view().adminState().name();
    }

    @Override
    public List<CheckerState> getCheckers() {
        return view().checkers().stream().map(RealServerMBean::state).toList();
    }

    private static CheckerState state(CheckerStatus c) {
        return new CheckerState(
                c.kind(),
                c.running(),
                c.up(),
                c.lastDetail(),
                c.lastLatency() == null ? -1 : c.lastLatency().toMillis(),
                c.lastCheck() == null ? "" : c.lastCheck().toString(),
                c.consecutiveFailures(),
                c.attempts(),
                c.failures());
    }

    @Override
    public String setWeight(int weight) {
        LOG.info("{} of {}: weight {} set by {}", key, virtualServer, weight, Callers.current());
        view().setWeight(weight);
        return key + " of " + virtualServer + ": weight " + weight;
    }

    @Override
    public void drain() {
        LOG.info("{} of {}: drained by {}", key, virtualServer, Callers.current());
        view().drain();
    }

    @Override
    public void maintenance() {
        LOG.info("{} of {}: put in maintenance by {}", key, virtualServer, Callers.current());
        view().maintenance();
    }

    @Override
    public void enable() {
        LOG.info("{} of {}: enabled by {}", key, virtualServer, Callers.current());
        view().enable();
    }

    @Override
    public void checkNow() {
        LOG.info("{} of {}: check requested by {}", key, virtualServer, Callers.current());
        view().checkNow();
    }
}
