package org.keepalivedj.api.lvs;

import java.util.List;

/**
 * A running real server. Reads are snapshots safe from any thread; operations are handed to the
 * health-check thread, take effect at once in the data plane and are logged.
 */
public interface RealServerView {

    /** As in the config and JMX: {@code 10.0.0.2:80}. */
    String key();

    /** The key of the virtual server it belongs to: {@code 192.0.2.1:80/tcp}. */
    String virtualServerKey();

    /** True when every checker says up (a real server without checkers is always up). */
    boolean up();

    /** The weight written in the config. */
    int configuredWeight();

    /** The weight it has when up: an operator's {@link #setWeight}, else a checker's dynamic weight, else the config's. */
    int weight();

    /** The weight in the data plane now (0 when inhibited, drained or slow-starting from 0), or -1 when not in it. */
    int effectiveWeight();

    AdminState adminState();

    List<CheckerStatus> checkers();

    /** Sets the weight until a reload changes this real server's weight in the config (0-65535). */
    void setWeight(int weight);

    void drain();

    void maintenance();

    void enable();

    /** Starts an attempt of every checker now (one already under way is left to finish). */
    void checkNow();
}
