package org.keepalivedj.api.lvs;

/**
 * What an operator wants of a real server, beyond its health. Survives a reload while the real
 * server stays in the config.
 */
public enum AdminState {
    /** Normal: in the pool when its checks pass. */
    ENABLED,
    /** Weight 0: no new connections, existing ones carry on. */
    DRAIN,
    /** Out of the pool; its checks still run so its health stays visible. */
    MAINT
}
