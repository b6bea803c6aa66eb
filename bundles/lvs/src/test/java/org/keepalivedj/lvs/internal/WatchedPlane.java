package org.keepalivedj.lvs.internal;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;

/** A real plane, watched: each completed apply with when it ended and how long it took. */
final class WatchedPlane implements ForwardingPlane {
    record Applied(long endedNanos, long tookNanos, List<ServiceSpec> services) {}

    private final ForwardingPlane plane;
    final List<Applied> applied = new CopyOnWriteArrayList<>();

    WatchedPlane(ForwardingPlane plane) {
        this.plane = plane;
    }

    @Override
    public String name() {
        return plane.name();
    }

    @Override
    public boolean available() {
        return plane.available();
    }

    @Override
    public void apply(Collection<ServiceSpec> services) throws ForwardingPlaneException {
        long start = System.nanoTime();
        plane.apply(services);
        long end = System.nanoTime();
        applied.add(new Applied(end, end - start, List.copyOf(services)));
    }

    @Override
    public void clear() throws ForwardingPlaneException {
        plane.clear();
    }

    @Override
    public List<ServiceStatistics> statistics() throws ForwardingPlaneException {
        return plane.statistics();
    }

    @Override
    public void close() {
        plane.close();
    }

    /** The first apply at or after the time whose destinations are exactly these ports on these hosts. */
    Applied firstAfter(long nanos, java.util.function.Predicate<List<String>> destinations) {
        for (Applied a : applied) {
            if (a.endedNanos >= nanos
                    && destinations.test(a.services.get(0).destinations().stream()
                            .filter(d -> d.weight() > 0)
                            .map(d -> d.address().getHostAddress())
                            .sorted()
                            .toList())) {
                return a;
            }
        }
        return null;
    }
}
