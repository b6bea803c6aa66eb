package org.keepalivedj.api.lvs;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The base of a bundle's plane service: hands the {@link ForwardingPlane} calls to its plane and
 * remembers whether the plane may hold services, so that {@link #stop} removes them whatever the
 * engine did. The service's life is the plane's: {@link #close()} does nothing, {@link #stop}
 * closes the plane.
 */
public abstract class ForwardingPlaneComponent<P extends ForwardingPlane> implements ForwardingPlane {

    /** The plane, set by {@link #start} when the service activates. */
    protected P plane;
    /** Whether the plane may hold services: then {@link #stop} removes them. */
    private volatile boolean programmed;

    protected final void start(P plane) {
        this.plane = plane;
    }

    /** Removes our services if the plane may hold some (a failure goes to {@code clearFailed}), then closes the plane. */
    protected final void stop(Consumer<Exception> clearFailed) {
        if (programmed && plane.available()) {
            try {
                plane.clear();
            } catch (ForwardingPlaneException | RuntimeException e) {
                clearFailed.accept(e);
            }
        }
        plane.close();
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
        programmed |= !services.isEmpty();
        plane.apply(services);
    }

    @Override
    public void clear() throws ForwardingPlaneException {
        plane.clear();
        programmed = false;
    }

    @Override
    public List<ServiceStatistics> statistics() throws ForwardingPlaneException {
        return plane.statistics();
    }

    @Override
    public void close() {
        // the service's life is the plane's: it closes in stop
    }
}
