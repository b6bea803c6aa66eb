package org.keepalivedj.lvs.internal;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.LvsGlobals;
import org.keepalivedj.api.model.LvsGlobals.SyncRole;
import org.keepalivedj.api.model.VrrpInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * global_defs' data plane keywords, run against the plane in use from the engine's thread: lvs_flush
 * once before our first services, lvs_timeouts when they change, the connection sync daemons
 * following their VRRP instance (only the master daemon while it is MASTER, only the backup daemon
 * otherwise, both when lvs_sync_daemon names no instance), and lvs_flush_on_stop. A refusal by the
 * kernel is logged and tried again at the next change; it never holds up the virtual servers.
 */
final class PlaneGlobals {
    private static final Logger LOG = LoggerFactory.getLogger(PlaneGlobals.class);

    private LvsGlobals globals = LvsGlobals.NONE;
    private int syncId;
    private boolean flushedAtStart;
    /** What the plane was last given successfully (null: nothing yet). */
    private ForwardingPlane appliedTo;

    private LvsGlobals.Timeouts appliedTimeouts;
    private LvsGlobals.SyncDaemon appliedDaemon;
    private Set<SyncRole> appliedRoles = Set.of();

    /** The settings of this config; the sync id defaults to the followed instance's VRID, else 0. */
    void configure(KeepalivedConfig config) {
        globals = config.globalDefs().lvs();
        LvsGlobals.SyncDaemon d = globals.syncDaemon();
        VrrpInstance followed = d == null || d.instance() == null
                ? null
                : config.vrrpInstances().get(d.instance());
        syncId = d == null ? 0 : d.syncId() != null ? d.syncId() : followed != null ? followed.virtualRouterId() : 0;
    }

    /** Before services go to the plane: the start flush, then whatever changed since the last call. */
    void beforeServices(ForwardingPlane plane, MasterGate gate) {
        if (plane != appliedTo) {
            appliedTimeouts = null;
            appliedDaemon = null;
            appliedRoles = Set.of();
            appliedTo = plane;
        }
        if (globals.flushAtStart() && !flushedAtStart) {
            flushedAtStart = true; // at start only, as keepalived: never on a reload
            run(plane, "lvs_flush", () -> plane.flushAll());
        }
        LvsGlobals.Timeouts timeouts = globals.timeouts();
        if (timeouts != null
                && !timeouts.equals(appliedTimeouts)
                && run(plane, "lvs_timeouts " + timeouts, () -> plane.applyTimeouts(timeouts))) {
            appliedTimeouts = timeouts;
        }
        applySyncDaemons(plane, roles(gate));
    }

    /** At stop: the sync daemons stop; true when lvs_flush_on_stop emptied the whole table. */
    boolean stop(ForwardingPlane plane) {
        if (plane != null && plane == appliedTo) {
            applySyncDaemons(plane, Set.of());
        }
        return plane != null
                && globals.flushOnStop() == LvsGlobals.FlushOnStop.ALL
                && run(plane, "lvs_flush_on_stop", () -> plane.flushAll());
    }

    private Set<SyncRole> roles(MasterGate gate) {
        LvsGlobals.SyncDaemon d = globals.syncDaemon();
        if (d == null) {
            return Set.of();
        }
        if (d.instance() == null) {
            return EnumSet.allOf(SyncRole.class);
        }
        return EnumSet.of(gate.isMaster(d.instance()) ? SyncRole.MASTER : SyncRole.BACKUP);
    }

    private void applySyncDaemons(ForwardingPlane plane, Set<SyncRole> roles) {
        LvsGlobals.SyncDaemon d = globals.syncDaemon();
        boolean same = roles.equals(appliedRoles) && (roles.isEmpty() || Objects.equals(d, appliedDaemon));
        if (same) {
            return;
        }
        LvsGlobals.SyncDaemon daemon = roles.isEmpty() ? appliedDaemon : d;
        if (daemon == null) {
            appliedRoles = roles;
            return;
        }
        String what = roles.isEmpty()
                ? "stopping the IPVS sync daemons"
                : "IPVS sync daemon " + roles + " on " + daemon.interfaceName() + " syncid " + syncId;
        if (run(plane, what, () -> plane.applySyncDaemons(daemon, syncId, roles))) {
            LOG.info("{}", roles.isEmpty() ? "IPVS sync daemons stopped" : "Running " + what);
            appliedRoles = roles;
            appliedDaemon = roles.isEmpty() ? null : d;
        }
    }

    private interface PlaneCall {
        void run() throws ForwardingPlaneException;
    }

    private static boolean run(ForwardingPlane plane, String what, PlaneCall call) {
        try {
            call.run();
            return true;
        } catch (ForwardingPlaneException | RuntimeException e) {
            LOG.error("The {} data plane refused {}: {}", plane.name(), what, e.getMessage());
            return false;
        }
    }
}
