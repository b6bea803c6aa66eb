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

    /**
     * The running state as JSON, shaped like keepalived's JSON dump (VRRP instances with "data" and
     * "stats"), plus the virtual servers. Never contains secrets.
     */
    String dump();

    /** Reloads keepalived.conf; with errors nothing changes. Returns the outcome in one line. */
    String reload();

    /** Checks a config file without applying it; returns its errors and warnings (empty when clean). */
    String[] checkConfig(String path);
}
