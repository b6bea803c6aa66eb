package org.keepalivedj.management;

/**
 * {@code keepalived:type=Daemon}: the daemon as operators see it in jconsole, Jolokia and hawtio.
 * An MXBean, so every attribute is an open type.
 */
public interface DaemonMXBean {
    String OBJECT_NAME = "keepalived:type=Daemon";
    /** Notification sent after every reload, with the outcome (OK, ERRORS, UNREADABLE) as user data. */
    String RELOAD = "keepalived.reload";

    String getVersion();

    /** Seconds since the daemon started. */
    long getUptimeSeconds();

    /** ISO-8601 instant the daemon started. */
    String getStartedAt();

    String getConfigFile();

    String getConfigId();

    /** ISO-8601 instant of the last load or reload. */
    String getLastLoadTime();

    /** OK, ERRORS or UNREADABLE. */
    String getLastLoadResult();

    /** One line: the result and the first error, or the warning count. */
    String getLastLoadSummary();

    String[] getLastLoadErrors();

    String[] getLastLoadWarnings();

    /** The data plane of the virtual servers: ipvs, nft or none. */
    String getDataPlane();

    /** False while a timer thread (VRRP timers, checker scheduler) is stalled; true without a watchdog. */
    boolean isHealthy();

    /**
     * The latest timer-thread stall in one line (thread, length in ms, when seen, ongoing or over),
     * or an empty string when there has been none.
     */
    String getLastStall();

    /** Length of the latest stall in milliseconds; 0 when there has been none. */
    long getLastStallMillis();

    /**
     * The running state as JSON, shaped like keepalived's JSON dump (VRRP instances with "data" and
     * "stats"), plus the virtual servers. Never contains secrets.
     */
    String dump();

    /** Reloads keepalived.conf; with errors nothing changes. Returns the outcome in one line. */
    String reload();

    /**
     * What a reload of this file (empty: the running config's file) would change in the running
     * daemon, as text: the file's errors and warnings as {@code -t} reports them, then the plan
     * grouped by section, one line per change. Changes nothing (viewer may call it).
     */
    String previewReload(String path);

    /** {@link #previewReload} as JSON: file, outcome, errors, warnings and changes. */
    String previewReloadJson(String path);

    /** Checks a config file without applying it; returns its errors and warnings (empty when clean). */
    String[] checkConfig(String path);
}
