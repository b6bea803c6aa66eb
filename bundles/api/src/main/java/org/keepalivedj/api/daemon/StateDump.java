package org.keepalivedj.api.daemon;

/**
 * keepalived's dumps of the running state, published by core: the same text its signals write to
 * the data, stats and JSON files. The Daemon MBean's dump() reads {@link #json()} from here.
 */
public interface StateDump {

    /**
     * The running state as JSON: {@code {"vrrp":[...],"virtual_servers":[...],"data_plane":"..."}},
     * where {@code vrrp} is exactly the array keepalived writes to its JSON file.
     */
    String json();

    /** A reload preview as JSON (for CI pipelines): the file's outcome, errors, warnings and changes. */
    String json(ReloadPreview preview);

    /** keepalived's data file (SIGUSR1): global definitions and the VRRP topology. */
    String data();

    /** keepalived's stats file (SIGUSR2): per-instance VRRP counters since start or the last clear. */
    String stats();

    /** keepalived's STATS_CLEAR: the counters in these dumps start again from zero. */
    void clearStats();
}
