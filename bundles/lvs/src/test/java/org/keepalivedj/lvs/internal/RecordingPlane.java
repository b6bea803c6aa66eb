package org.keepalivedj.lvs.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;

/** Our own SPI, recorded: what the engine last asked the data plane to hold. */
final class RecordingPlane implements ForwardingPlane {
    final List<List<ServiceSpec>> applied = new ArrayList<>();
    int clears;
    boolean failNext;
    /** The plane-wide calls in order: "flushAll", "timeouts tcp 1 tcpfin 2 udp 3", "sync [MASTER] eth0 7". */
    final List<String> globalCalls = new ArrayList<>();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void apply(Collection<ServiceSpec> services) throws org.keepalivedj.api.lvs.ForwardingPlaneException {
        if (failNext) {
            failNext = false;
            throw new org.keepalivedj.api.lvs.ForwardingPlaneException("refused for the test");
        }
        applied.add(List.copyOf(services));
    }

    @Override
    public void clear() {
        clears++;
        applied.add(List.of());
    }

    @Override
    public void flushAll() {
        globalCalls.add("flushAll");
        applied.add(List.of());
    }

    @Override
    public void applyTimeouts(org.keepalivedj.api.model.LvsGlobals.Timeouts timeouts) {
        globalCalls.add("timeouts " + timeouts);
    }

    @Override
    public void applySyncDaemons(
            org.keepalivedj.api.model.LvsGlobals.SyncDaemon daemon,
            int syncId,
            java.util.Set<org.keepalivedj.api.model.LvsGlobals.SyncRole> roles) {
        globalCalls.add("sync " + new java.util.TreeSet<>(roles) + " " + daemon.interfaceName() + " " + syncId);
    }

    @Override
    public List<ServiceStatistics> statistics() {
        return List.of();
    }

    @Override
    public void close() {}

    List<ServiceSpec> last() {
        return applied.isEmpty() ? List.of() : applied.get(applied.size() - 1);
    }

    /** Destinations of the first service, as "address:port" to weight, sorted. */
    Map<String, Integer> weights() {
        return weights(0);
    }

    Map<String, Integer> weights(int service) {
        Map<String, Integer> m = new TreeMap<>();
        for (Destination d : last().get(service).destinations()) {
            m.put(d.address().getHostAddress() + ":" + d.port(), d.weight());
        }
        return m;
    }
}
