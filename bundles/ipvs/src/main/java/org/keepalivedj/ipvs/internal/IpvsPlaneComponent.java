package org.keepalivedj.ipvs.internal;

import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ForwardingPlaneComponent;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.model.LvsGlobals;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.ipvs.ConnectionTimeouts;
import org.keepalivedj.ipvs.IpvsForwardingPlane;
import org.keepalivedj.ipvs.SyncDaemonSettings;
import org.keepalivedj.netlink.NetworkNamespace;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPVS plane as an OSGi service ({@code plane=ipvs}). It activates on any kernel: without
 * IPVS it says {@code available() == false} and the plane chooser picks another.
 */
@Component(
        service = {ForwardingPlane.class, IpvsForwardingPlane.class},
        property = "plane=ipvs")
public final class IpvsPlaneComponent extends ForwardingPlaneComponent<IpvsPlane> implements IpvsForwardingPlane {

    private static final Logger LOG = LoggerFactory.getLogger(IpvsPlaneComponent.class);

    /** The daemon's network namespace: IPVS is programmed there (net_namespace_ipvs is not supported). */
    @Reference
    private DaemonNetworkNamespace namespace = DaemonNetworkNamespace.STARTING;

    @Activate
    void activate() throws Exception {
        start(NetworkNamespace.call(namespace.name(), IpvsPlane::open));
        if (plane.available()) {
            LOG.info("IPVS plane available");
        } else {
            LOG.info("IPVS plane not available: {}", plane.unavailableReason());
        }
    }

    @Deactivate
    void deactivate() {
        stop(e -> LOG.error("Could not remove our IPVS services at stop: {}", e.getMessage()));
    }

    @Override
    public void reconcile() {
        plane.reconcile();
    }

    @Override
    public int lastChangeCount() {
        return plane.lastChangeCount();
    }

    @Override
    public void flush() throws ForwardingPlaneException {
        plane.flush();
    }

    @Override
    public void setTimeouts(ConnectionTimeouts timeouts) throws ForwardingPlaneException {
        plane.setTimeouts(timeouts);
    }

    @Override
    public void flushAll() throws ForwardingPlaneException {
        plane.flushAll();
    }

    @Override
    public void applyTimeouts(LvsGlobals.Timeouts timeouts) throws ForwardingPlaneException {
        plane.applyTimeouts(timeouts);
    }

    @Override
    public void applySyncDaemons(LvsGlobals.SyncDaemon daemon, int syncId, Set<LvsGlobals.SyncRole> roles)
            throws ForwardingPlaneException {
        plane.applySyncDaemons(daemon, syncId, roles);
    }

    @Override
    public ConnectionTimeouts timeouts() throws ForwardingPlaneException {
        return plane.timeouts();
    }

    @Override
    public void startSyncDaemon(SyncDaemonSettings settings) throws ForwardingPlaneException {
        plane.startSyncDaemon(settings);
    }

    @Override
    public void stopSyncDaemon(SyncDaemonSettings.State state) throws ForwardingPlaneException {
        plane.stopSyncDaemon(state);
    }

    @Override
    public Map<SyncDaemonSettings.State, String> syncDaemons() throws ForwardingPlaneException {
        return plane.syncDaemons();
    }
}
