package org.keepalivedj.management;

import java.util.Map;

/**
 * {@code keepalived:type=VrrpInstance,name=VI_1}: one running VRRP instance. Emits a
 * {@code keepalived.vrrp.transition} notification on every state change.
 */
public interface VrrpInstanceMXBean {
    String TYPE = "VrrpInstance";
    String TRANSITION = "keepalived.vrrp.transition";

    String getName();

    /** INIT, BACKUP, MASTER, FAULT or STOP. */
    String getState();

    /** The state configured with {@code state}. */
    String getWantedState();

    int getBasePriority();

    /** The priority advertised: base plus tracking weights, or the runtime override. */
    int getEffectivePriority();

    int getVirtualRouterId();

    String getInterface();

    int getVersion();

    long getAdvertIntervalMillis();

    /** The current master's address (ours when MASTER), empty when unknown. */
    String getMasterAddress();

    /** The master's advertised priority, -1 when unknown. */
    int getMasterPriority();

    String[] getVirtualAddresses();

    /** ISO-8601 instant of the last state change. */
    String getLastTransition();

    String[] getFaultReasons();

    /** The RFC 6527 statistics and authentication counters, by name. */
    Map<String, Long> getCounters();

    /**
     * Overrides the base priority until cleared (operator). Returns what was done: it returns a value
     * so that JMX sees an operation, not a write-only attribute.
     */
    String setPriority(int priority);

    void clearPriorityOverride();

    /** A MASTER sends priority 0 and becomes BACKUP (operator). */
    void giveUpMaster();

    /** A MASTER sends gratuitous ARP / unsolicited NA now (operator). */
    void sendGarp();
}
