package org.keepalivedj.management.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

/** In-memory implementations of the api's runtime views, which record what the MBeans ask of them. */
final class MemoryViews {
    private MemoryViews() {}

    /** A VRRP runtime whose instances a test replaces, as a reload does. */
    static final class Vrrp implements VrrpRuntime {
        volatile List<VrrpInstanceView> instances = List.of();
        volatile Map<String, List<String>> syncGroups = Map.of();

        @Override
        public List<VrrpInstanceView> instances() {
            return instances;
        }

        @Override
        public Optional<VrrpInstanceView> instance(String name) {
            return instances.stream().filter(i -> i.name().equals(name)).findFirst();
        }

        @Override
        public Map<String, List<String>> syncGroups() {
            return syncGroups;
        }
    }

    /** An LVS runtime whose virtual servers a test replaces. */
    static final class Lvs implements LvsRuntime {
        volatile List<VirtualServerView> virtualServers = List.of();

        @Override
        public List<VirtualServerView> virtualServers() {
            return virtualServers;
        }

        @Override
        public String planeName() {
            return "nft";
        }
    }

    /** A VRRP instance that records the operator's requests. */
    static final class Instance implements VrrpInstanceView {
        final String name;
        volatile InstanceState state;
        InetAddress master;
        Integer override;
        int gaveUp;
        int garps;
        final List<String> faults = new ArrayList<>();
        final Map<String, Long> counters = new LinkedHashMap<>();

        Instance(String name, InstanceState state) {
            this.name = name;
            this.state = state;
        }

        public String name() {
            return name;
        }

        public InstanceState state() {
            return state;
        }

        public InstanceState wantedState() {
            return InstanceState.BACKUP;
        }

        public int basePriority() {
            return 100;
        }

        public int effectivePriority() {
            return override == null ? 100 : override;
        }

        public int virtualRouterId() {
            return 51;
        }

        public String interfaceName() {
            return "eth0";
        }

        public int version() {
            return 3;
        }

        public Duration advertInterval() {
            return Duration.ofMillis(100);
        }

        public InetAddress masterAddress() {
            return master;
        }

        public int masterPriority() {
            return master == null ? -1 : 150;
        }

        public List<String> virtualAddresses() {
            return List.of("2001:db8::100/64 dev eth0");
        }

        public Instant lastTransition() {
            return Instant.parse("2026-12-06T09:00:00Z");
        }

        public List<String> faultReasons() {
            return faults;
        }

        public Map<String, Long> counters() {
            return counters;
        }

        public void setPriorityOverride(int priority) {
            override = priority;
        }

        public void clearPriorityOverride() {
            override = null;
        }

        public void giveUpMaster() {
            gaveUp++;
        }

        public void sendGarp() {
            garps++;
        }
    }
}
