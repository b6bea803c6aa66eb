package org.keepalivedj.management.internal;

import java.util.Map;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.management.VrrpInstanceMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One VRRP instance as an MXBean; operations are logged with who called them. */
final class VrrpInstanceMBean extends EmittingMBean implements VrrpInstanceMXBean {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpInstanceMBean.class);

    private final VrrpRuntime runtime;
    private final String name;

    VrrpInstanceMBean(VrrpRuntime runtime, String name) {
        super(VrrpInstanceMXBean.class, "VRRP state change", TRANSITION);
        this.runtime = runtime;
        this.name = name;
    }

    /** Looked up on every call: a reload may have replaced the instance behind this name. */
    private VrrpInstanceView view() {
        return runtime.instance(name)
                .orElseThrow(() -> new IllegalStateException("VRRP instance " + name + " is gone"));
    }

    /** Sends {@code keepalived.vrrp.transition}, with message {@code VI_1 BACKUP -> MASTER}. */
    void transition(InstanceState from, InstanceState to) {
        emit(TRANSITION, name + " " + from + " -> " + to, to.name());
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getState() {
        return view().state().name();
    }

    @Override
    public String getWantedState() {
        return view().wantedState().name();
    }

    @Override
    public int getBasePriority() {
        return view().basePriority();
    }

    @Override
    public int getEffectivePriority() {
        return view().effectivePriority();
    }

    @Override
    public int getVirtualRouterId() {
        return view().virtualRouterId();
    }

    @Override
    public String getInterface() {
        return view().interfaceName();
    }

    @Override
    public int getVersion() {
        return view().version();
    }

    @Override
    public long getAdvertIntervalMillis() {
        return view().advertInterval().toMillis();
    }

    @Override
    public String getMasterAddress() {
        java.net.InetAddress master = view().masterAddress();
        return master == null ? "" : IpAddresses.format(master);
    }

    @Override
    public int getMasterPriority() {
        return view().masterPriority();
    }

    @Override
    public String[] getVirtualAddresses() {
        return view().virtualAddresses().toArray(String[]::new);
    }

    @Override
    public String getLastTransition() {
        java.time.Instant last = view().lastTransition();
        return last == null ? "" : last.toString();
    }

    @Override
    public String[] getFaultReasons() {
        return view().faultReasons().toArray(String[]::new);
    }

    @Override
    public Map<String, Long> getCounters() {
        return view().counters();
    }

    @Override
    public String setPriority(int priority) {
        LOG.info("({}) priority override {} set by {}", name, priority, Callers.current());
        view().setPriorityOverride(priority);
        return name + ": priority " + priority + " until cleared";
    }

    @Override
    public void clearPriorityOverride() {
        LOG.info("({}) priority override cleared by {}", name, Callers.current());
        view().clearPriorityOverride();
    }

    @Override
    public void giveUpMaster() {
        LOG.info("({}) asked to give up MASTER by {}", name, Callers.current());
        view().giveUpMaster();
    }

    @Override
    public void sendGarp() {
        LOG.info("({}) gratuitous ARP requested by {}", name, Callers.current());
        view().sendGarp();
    }
}
