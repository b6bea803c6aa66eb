package org.keepalivedj.api.daemon;

import org.keepalivedj.api.model.KeepalivedConfig;

/**
 * A part of the daemon that runs a slice of keepalived.conf: static addresses, VRRP, virtual
 * servers. Registered as an OSGi service; core hands every valid config to each subsystem, in
 * {@link #order()}, at start and on every reload, and stops them in reverse order.
 *
 * <p>{@link #apply} receives the whole new config. The subsystem compares it with what it runs and
 * changes only what differs: unchanged objects keep their state (a VRRP instance stays MASTER, a real
 * server keeps its check history).
 */
public interface Subsystem {

    /** Start order of the static network config: before VRRP, as keepalived does. */
    int ORDER_STATIC = 10;
    /** Start order of BFD: before VRRP and the checkers, which track its sessions. */
    int ORDER_BFD = 15;
    /** Start order of VRRP. */
    int ORDER_VRRP = 20;
    /** Start order of the virtual servers and their checks. */
    int ORDER_LVS = 30;
    /** Start order of the management views (MBeans follow what the others run). */
    int ORDER_MANAGEMENT = 90;

    /** The parts bin/keepalived -P and -C select; STATIC and MANAGEMENT always run, BFD only when neither is given. */
    enum Kind {
        STATIC,
        VRRP,
        CHECKER,
        BFD,
        MANAGEMENT
    }

    /** A short name for logs: {@code vrrp}, {@code lvs}, {@code static}. */
    String name();

    Kind kind();

    /** Lower starts first and stops last. */
    int order();

    /**
     * Runs this config from now on. Called with the first config at start, then with each valid
     * reload. A changed object is built before the running one is replaced: when building it fails
     * (a device the kernel does not have), the running one stays, and after applying everything else
     * this throws {@link ApplyException} naming each such object with its file:line. Nothing else may
     * be thrown for a config the validator accepted; a new object that cannot start yet (its
     * interface is missing) starts in its fault state and shows it.
     */
    void apply(KeepalivedConfig config);

    /**
     * What {@link #apply} would change for this config, computed from what runs now and the same
     * decisions apply carries out; changes nothing. Subsystems that run nothing of the config (the
     * management views) plan nothing.
     */
    default ReloadPlan plan(KeepalivedConfig config) {
        return ReloadPlan.EMPTY;
    }

    /** Stops everything this subsystem runs and undoes what it did (VIPs removed, priority 0 sent). */
    void stop();

    /** The heartbeats of this subsystem's timer threads, for the core watchdog; none by default. */
    default java.util.List<Heartbeat> heartbeats() {
        return java.util.List.of();
    }
}
