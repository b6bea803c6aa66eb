package org.keepalivedj.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.config.KeepalivedConfigLoader;

/** snmp_vs_stats_update_interval / snmp_rs_stats_update_interval: the plane is asked again only once the interval passed. */
class PlaneStatisticsTest {

    @TempDir
    Path dir;

    @Test
    void countersAreReadAgainOnlyAfterTheInterval() throws Exception {
        KeepalivedConfig config = load("global_defs {\n snmp_vs_stats_update_interval 5\n}\n");
        CountingPlane plane = new CountingPlane();
        AtomicLong nanos = new AtomicLong();
        PlaneStatistics stats = new PlaneStatistics(inputs(config, plane), "snmp_vs_stats_update_interval", nanos::get);

        assertEquals(1, connections(stats));
        nanos.addAndGet(4_999_000_000L);
        assertEquals(1, connections(stats), "within 5 s the first reading is served");
        assertEquals(1, plane.reads.get());
        nanos.addAndGet(1_000_000L);
        assertEquals(2, connections(stats), "5 s later the plane is read again");
        assertEquals(2, plane.reads.get());
    }

    @Test
    void withoutAnIntervalEveryRequestReadsThePlane() throws Exception {
        KeepalivedConfig config = load("global_defs {\n snmp_vs_stats_update_interval 5\n}\n");
        CountingPlane plane = new CountingPlane();
        PlaneStatistics rs = new PlaneStatistics(inputs(config, plane), "snmp_rs_stats_update_interval", () -> 0L);
        assertEquals(1, connections(rs));
        assertEquals(2, connections(rs));
        PlaneStatistics none = new PlaneStatistics(inputs(config, null), "snmp_rs_stats_update_interval", () -> 0L);
        assertEquals(List.of(), none.get());
    }

    private KeepalivedConfig load(String text) throws Exception {
        return KeepalivedConfigLoader.withBuiltinCheckers()
                .load(text, "keepalived.conf", dir)
                .config();
    }

    private static MibInputs inputs(KeepalivedConfig config, ForwardingPlane plane) {
        return new MibInputs(
                () -> null,
                () -> null,
                () -> plane,
                () -> null,
                () -> null,
                () -> config,
                new Interfaces(),
                new MibInputs.MasterClock(System::nanoTime));
    }

    private static long connections(PlaneStatistics stats) {
        return stats.get().get(0).total().connections();
    }

    /** A plane whose one service has counted one more connection at every reading. */
    private static final class CountingPlane implements ForwardingPlane {
        final AtomicLong reads = new AtomicLong();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public void apply(Collection<ServiceSpec> services) {}

        @Override
        public void clear() {}

        @Override
        public List<ServiceStatistics> statistics() {
            long n = reads.incrementAndGet();
            try {
                ServiceKey key = ServiceKey.of(InetAddress.getByName("192.0.2.1"), 80, Protocol.TCP);
                return List.of(new ServiceStatistics(
                        key, new ServiceStatistics.Counters(n, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Map.of()));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {}
    }
}
