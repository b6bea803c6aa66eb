package org.keepalivedj.ipvs;

import java.util.Map;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ForwardingPlaneException;

/**
 * The IPVS plane, with what IPVS has beyond the {@link ForwardingPlane} SPI: connection timeouts,
 * the sync daemon, a full flush, and a forced read-back of the kernel's state.
 */
public interface IpvsForwardingPlane extends ForwardingPlane {

    /** Forgets what the plane believes the kernel holds; the next apply reads it back first. */
    void reconcile();

    /** Kernel calls the last {@link #apply} or {@link #clear} made (0 when nothing differed). */
    int lastChangeCount();

    /** Removes every IPVS service, ours or not (keepalived's flush on start/stop). */
    void flush() throws ForwardingPlaneException;

    void setTimeouts(ConnectionTimeouts timeouts) throws ForwardingPlaneException;

    ConnectionTimeouts timeouts() throws ForwardingPlaneException;

    void startSyncDaemon(SyncDaemonSettings settings) throws ForwardingPlaneException;

    void stopSyncDaemon(SyncDaemonSettings.State state) throws ForwardingPlaneException;

    /** Running sync daemons: state to "interface syncid N". */
    Map<SyncDaemonSettings.State, String> syncDaemons() throws ForwardingPlaneException;
}
