package org.keepalivedj.api.vrrp;

/** Where a tracked vrrp_script stands: its rise/fall verdict, or not yet one. */
public enum ScriptStatus {
    /** No verdict yet (fewer than rise successes or fall failures so far). */
    INIT,
    /** No verdict yet, and counted as failed until it succeeds (init_fail). */
    INIT_FAILED,
    GOOD,
    BAD
}
