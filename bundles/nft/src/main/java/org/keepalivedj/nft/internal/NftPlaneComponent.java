package org.keepalivedj.nft.internal;

import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ForwardingPlaneComponent;
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
public final class NftPlaneComponent extends ForwardingPlaneComponent<NftForwardingPlane> {

    private static final Logger LOG = LoggerFactory.getLogger(NftPlaneComponent.class);

    /** The daemon's network namespace: the table is programmed there. */
    @Reference
    private DaemonNetworkNamespace namespace;

    @Activate
    void activate() {
        start(new NftForwardingPlane(namespace.name()));
    }

    @Deactivate
    void deactivate() {
        stop(e -> LOG.error("Could not remove table {} at stop: {}", NftRules.TABLE, e.getMessage()));
    }
}
