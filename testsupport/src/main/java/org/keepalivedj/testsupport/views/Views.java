package org.keepalivedj.testsupport.views;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.lvs.AdminState;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

/**
 * Plain-value runtime views (VRRP, LVS, BFD, data plane, daemon) for unit tests of what reads them: the metrics are a pure function of what the views
 * report, so the tests feed known values (the running engines are covered by the distribution IT).
 */
public final class Views {
    private Views() {}

    public static final class Instance implements VrrpInstanceView {
        public String name;
        public InstanceState state = InstanceState.BACKUP;
        public int base = 100;
        public int effective = 100;
        public int masterPriority = -1;
        public Instant last = Instant.ofEpochSecond(1_700_000_000L, 500_000_000L);
        public final Map<String, Long> counters = new HashMap<>();
        public final List<String> vips = new ArrayList<>();

        public Instance(String name) {
            this.name = name;
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
            return base;
        }

        public int effectivePriority() {
            return effective;
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
            return Duration.ofSeconds(1);
        }

        public InetAddress masterAddress() {
            return null;
        }

        public int masterPriority() {
            return masterPriority;
        }

        public List<String> virtualAddresses() {
            return vips;
        }

        public Instant lastTransition() {
            return last;
        }

        public List<String> faultReasons() {
            return List.of();
        }

        public Map<String, Long> counters() {
            return counters;
        }

        public void setPriorityOverride(int priority) {}

        public void clearPriorityOverride() {}

        public void giveUpMaster() {}

        public void sendGarp() {}
    }

    public record Vrrp(List<VrrpInstanceView> instances) implements VrrpRuntime {
        public Optional<VrrpInstanceView> instance(String name) {
            return instances.stream().filter(i -> i.name().equals(name)).findFirst();
        }

        public Map<String, List<String>> syncGroups() {
            return Map.of();
        }
    }

    public static final class Real implements RealServerView {
        public final String key;
        public final String vs;
        public boolean up = true;
        public int weight = 1;
        public int effective = 1;
        public AdminState admin = AdminState.ENABLED;
        public final List<CheckerStatus> checkers = new ArrayList<>();

        public Real(String vs, String key) {
            this.vs = vs;
            this.key = key;
        }

        public String key() {
            return key;
        }

        public String virtualServerKey() {
            return vs;
        }

        public boolean up() {
            return up;
        }

        public int configuredWeight() {
            return 1;
        }

        public int weight() {
            return weight;
        }

        public int effectiveWeight() {
            return effective;
        }

        public AdminState adminState() {
            return admin;
        }

        public List<CheckerStatus> checkers() {
            return checkers;
        }

        public void setWeight(int w) {
            weight = w;
        }

        public void drain() {
            admin = AdminState.DRAIN;
        }

        public void maintenance() {
            admin = AdminState.MAINT;
        }

        public void enable() {
            admin = AdminState.ENABLED;
        }

        public void checkNow() {}
    }

    public static final class Virtual implements VirtualServerView {
        public final String key;
        public final List<ServiceKey> services;
        public final List<RealServerView> reals = new ArrayList<>();
        public boolean quorumUp = true;

        public Virtual(String address, int port) throws Exception {
            this.key = address + ":" + port + "/tcp";
            this.services = List.of(ServiceKey.of(InetAddress.getByName(address), port, Protocol.TCP));
        }

        public String key() {
            return key;
        }

        public List<ServiceKey> services() {
            return services;
        }

        public int quorum() {
            return 1;
        }

        public int hysteresis() {
            return 0;
        }

        public int aliveWeight() {
            return reals.stream()
                    .filter(RealServerView::up)
                    .mapToInt(RealServerView::weight)
                    .sum();
        }

        public boolean quorumUp() {
            return quorumUp;
        }

        public boolean sorryServerActive() {
            return false;
        }

        public boolean suspended() {
            return false;
        }

        public List<RealServerView> realServers() {
            return reals;
        }
    }

    public record Lvs(List<VirtualServerView> virtualServers) implements LvsRuntime {
        public String planeName() {
            return "nft";
        }
    }

    public static class Plane implements ForwardingPlane {
        private final List<ServiceStatistics> stats;

        public Plane(List<ServiceStatistics> stats) {
            this.stats = stats;
        }

        public String name() {
            return "nft";
        }

        public boolean available() {
            return true;
        }

        public void apply(java.util.Collection<ServiceSpec> services) {}

        public void clear() {}

        public List<ServiceStatistics> statistics() {
            return stats;
        }

        public void close() {}
    }

    public record Daemon1(LoadResult lastLoad) implements Daemon {
        public String version() {
            return "0.1.0-TEST";
        }

        public Instant startedAt() {
            return Instant.ofEpochSecond(1_700_000_000L);
        }

        public Path configPath() {
            return Path.of("etc/keepalived.conf");
        }

        public String configId() {
            return "node1";
        }

        public LoadResult reload() {
            return lastLoad;
        }

        public LoadResult checkConfig(Path file) {
            return lastLoad;
        }
    }

    public static ServiceStatistics.Counters counters(
            long connections, long packetsIn, long packetsOut, long bytesIn, long bytesOut) {
        return new ServiceStatistics.Counters(
                connections, packetsIn, packetsOut, bytesIn, bytesOut, 2, 3, 0, 0, 0, 0, 0);
    }

    /** A BFD runtime whose sessions a test replaces (a reload). */
    public static final class Bfd implements BfdRuntime {
        public volatile List<BfdSessionView> sessions;
        public long droppedUnmatched;

        public Bfd(List<BfdSessionView> sessions) {
            this.sessions = sessions;
        }

        public List<BfdSessionView> sessions() {
            return sessions;
        }

        public long packetsDroppedUnmatched() {
            return droppedUnmatched;
        }
    }

    /**
     * A session to 192.0.2.2 at 50 ms x 3 in this state: discriminators 0xC0000001 / 7, 120 packets in,
     * 130 out, 2 dropped, 3 times Up, 2 times down, last Down for a detection timeout at 2026-12-06T09:00:00Z.
     */
    public static BfdSessionView bfdSession(String name, String state) {
        try {
            return new BfdSessionView(
                    name,
                    InetAddress.getByName("192.0.2.2"),
                    null,
                    false,
                    state,
                    state,
                    0xC0000001L,
                    7,
                    Duration.ofMillis(50),
                    Duration.ofMillis(50),
                    Duration.ofMillis(150),
                    120,
                    130,
                    2,
                    3,
                    2,
                    "Control Detection Time Expired",
                    Instant.parse("2026-12-06T09:00:00Z"));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
