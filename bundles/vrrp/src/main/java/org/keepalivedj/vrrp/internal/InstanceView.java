package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance as management, metrics and listeners see it: read from any thread, and the
 * operator's actions, which run on the timer thread.
 */
final class InstanceView implements VrrpInstanceView {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    private final InstanceRuntime instance;
    private final TimerThread timer;
    private volatile Instant lastTransition = Instant.now();

    InstanceView(InstanceRuntime instance, TimerThread timer) {
        this.instance = instance;
        this.timer = timer;
    }

    /** The instance changed state now. */
    void transitioned() {
        lastTransition = Instant.now();
    }

    @Override
    public String name() {
        return instance.model.name();
    }

    @Override
    public InstanceState state() {
        return instance.machine.state();
    }

    @Override
    public InstanceState wantedState() {
        return instance.model.initialState() == org.keepalivedj.api.model.VrrpState.MASTER
                ? InstanceState.MASTER
                : InstanceState.BACKUP;
    }

    @Override
    public int basePriority() {
        // an operator's override replaces the config's priority until cleared (VrrpInstanceView)
        Integer override = instance.tracker.priorityOverride();
        return override != null ? override : instance.model.priority();
    }

    @Override
    public int effectivePriority() {
        return instance.machine.effectivePriority();
    }

    @Override
    public int virtualRouterId() {
        return instance.model.virtualRouterId();
    }

    @Override
    public String interfaceName() {
        return instance.model.interfaceName();
    }

    @Override
    public int version() {
        return instance.model.version();
    }

    @Override
    public Duration advertInterval() {
        return Duration.ofNanos(instance.machine.settings.advertNanos());
    }

    @Override
    public InetAddress masterAddress() {
        return instance.machine.masterAddress();
    }

    @Override
    public int masterPriority() {
        return instance.machine.masterPriority();
    }

    @Override
    public List<String> virtualAddresses() {
        return instance.effects.addresses().stream()
                .map(ManagedAddress::toString)
                .toList();
    }

    @Override
    public Instant lastTransition() {
        return lastTransition;
    }

    @Override
    public List<String> faultReasons() {
        return instance.machine.faultReasons();
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>(instance.machine.counters.snapshot());
        m.put("ownPacketsIgnored", instance.ownPacketCount());
        return m;
    }

    @Override
    public void setPriorityOverride(int priority) {
        if (priority < 1 || priority > 254) {
            throw new IllegalArgumentException("priority override must be 1-254, not " + priority);
        }
        timer.execute(() -> {
            LOG.info("({}) priority set to {} by management", name(), priority);
            instance.tracker.priorityOverride(priority);
        });
    }

    @Override
    public void clearPriorityOverride() {
        timer.execute(() -> instance.tracker.priorityOverride(null));
    }

    @Override
    public void giveUpMaster() {
        timer.execute(instance.machine::giveUpMaster);
    }

    @Override
    public void sendGarp() {
        timer.execute(() -> instance.effects.sendGarpBurst(1));
    }

    @Override
    public String toString() {
        return instance.machine.toString();
    }
}
