package org.keepalivedj.nft.internal;

import java.util.Collection;
import java.util.List;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.nft.NftForwardingPlane;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nftables plane as an OSGi service ({@code plane=nft}) for the container's own network
 * namespace, like the IPVS bundle's {@code plane=ipvs}; the {@link PlaneChooserComponent} decides
 * which one the LVS engine gets.
 */
@Component(service = ForwardingPlane.class, property = "plane=nft")
public final class NftPlaneComponent implements ForwardingPlane {

    private static final Logger LOG = LoggerFactory.getLogger(NftPlaneComponent.class);

    private NftForwardingPlane plane;
    /** Whether our table may hold services: then deactivation removes it, whatever the engine did. */
    private volatile boolean programmed;

    /** The daemon's network namespace: the table is programmed there. */
    @Reference
    private DaemonNetworkNamespace namespace;

    @Activate
    void activate() {
        plane = new NftForwardingPlane(namespace.name());
    }

    @Deactivate
    void deactivate() {
        if (programmed) {
            try {
                plane.clear();
            } catch (ForwardingPlaneException | RuntimeException e) {
                LOG.error("Could not remove table {} at stop: {}", NftRules.TABLE, e.getMessage());
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
        // the component's life is the plane's: it closes on deactivation
    }
}
