package org.keepalivedj.management;

import java.util.List;

/**
 * {@code keepalived:type=RealServer,virtualServer="192.0.2.1:80/tcp",name="10.0.0.2:80"}: a real
 * server's health, weights and admin state. Emits {@code keepalived.rs.up} / {@code keepalived.rs.down}.
 */
public interface RealServerMXBean {
    String TYPE = "RealServer";
    String UP = "keepalived.rs.up";
    String DOWN = "keepalived.rs.down";

    String getKey();

    String getVirtualServer();

    boolean isUp();

    int getConfiguredWeight();

    /** The weight it has when up (an operator's setWeight, a dynamic weight, or the config's). */
    int getWeight();

    /** The weight in the data plane now, -1 when it is not in it. */
    int getEffectiveWeight();

    /** ENABLED, DRAIN or MAINT. */
    String getAdminState();

    /** Each checker's last result, latency and failure counts. */
    List<CheckerState> getCheckers();

    /**
     * Sets the weight until a reload changes it in the config (operator). Returns what was done: it
     * returns a value so that JMX sees an operation, not a write-only attribute.
     */
    String setWeight(int weight);

    /** Weight 0: no new connections, existing ones carry on (operator). */
    void drain();

    /** Out of the pool; checks keep running (operator). */
    void maintenance();

    /** Back to normal (operator). */
    void enable();

    /** Runs every checker now (operator). */
    void checkNow();
}
