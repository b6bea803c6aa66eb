package org.keepalivedj.api.model;

/**
 * Notify commands of a VRRP instance or sync group; null where not configured. deleted is "" for a
 * notify_deleted line without a script (DELETED is sent instead of FAULT, no script of its own runs).
 */
public record NotifyScripts(
        String master, String backup, String fault, String stop, String deleted, String any, String masterRxLowerPri) {
    public static final NotifyScripts NONE = new NotifyScripts(null, null, null, null, null, null, null);
}
