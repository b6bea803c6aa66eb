package org.keepalivedj.api.lvs;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.keepalivedj.api.model.LvsGlobals;

/**
 * Where virtual services live in the kernel: IPVS (generic netlink), nftables, or nothing. The LVS
 * engine states what it wants; the plane makes the kernel hold exactly that, touching only what
 * differs and only what is ours (never services or tables that others made).
 *
 * <p>Implementations are OSGi services with a {@code plane} property ({@code ipvs}, {@code nft}) and
 * must be safe to call from one thread at a time (the engine serialises its calls).
 */
public interface ForwardingPlane extends AutoCloseable {

    /** {@code ipvs}, {@code nft} or {@code none}. */
    String name();

    /** True when this kernel can run this plane (IPVS present, nftables usable). */
    boolean available();

    /**
     * Makes our services exactly these: adds what is missing, changes what differs (scheduler,
     * persistence, destinations, weights), removes ours that are not listed. Minimal changes, so a
     * weight change is one kernel call (IPVS) or one small transaction (nftables).
     */
    void apply(Collection<ServiceSpec> services) throws ForwardingPlaneException;

    /** Removes every service of ours. */
    void clear() throws ForwardingPlaneException;

    /** Removes every service in the kernel's table, ours or not (lvs_flush, lvs_flush_on_stop). */
    default void flushAll() throws ForwardingPlaneException {
        clear();
    }

    /** Sets the connection timeouts (lvs_timeouts); a plane without them refuses. */
    default void applyTimeouts(LvsGlobals.Timeouts timeouts) throws ForwardingPlaneException {
        throw new ForwardingPlaneException("the " + name() + " data plane has no connection timeouts (lvs_timeouts)");
    }

    /**
     * Runs exactly these connection sync daemon roles with these settings (lvs_sync_daemon; the
     * syncId resolved), stopping any other that runs; none stops them all. A plane without sync
     * daemons refuses any role.
     */
    default void applySyncDaemons(LvsGlobals.SyncDaemon daemon, int syncId, Set<LvsGlobals.SyncRole> roles)
            throws ForwardingPlaneException {
        if (!roles.isEmpty()) {
            throw new ForwardingPlaneException(
                    "the " + name() + " data plane has no connection sync daemon (lvs_sync_daemon)");
        }
    }

    /** Counters of our services as the kernel has them. */
    List<ServiceStatistics> statistics() throws ForwardingPlaneException;

    /** Releases sockets; leaves the kernel's services as they are (call {@link #clear()} first to remove). */
    @Override
    void close();
}
