package org.keepalivedj.management;

/**
 * {@code keepalived:type=VirtualServer,name="192.0.2.1:80/tcp"}: a virtual server, its quorum and what
 * the data plane counted. Emits {@code keepalived.vs.quorum} when the quorum is gained or lost.
 */
public interface VirtualServerMXBean {
    String TYPE = "VirtualServer";
    String QUORUM = "keepalived.vs.quorum";

    String getKey();

    /** The kernel services it stands for, as ipvsadm prints them. */
    String[] getServices();

    /** ipvs, nft or none. */
    String getDataPlane();

    int getQuorum();

    int getHysteresis();

    /** Sum of the weights of the real servers that are up. */
    int getAliveWeight();

    boolean isQuorumUp();

    boolean isSorryServerActive();

    boolean isSuspended();

    String[] getRealServers();

    long getConnections();

    long getPacketsIn();

    long getPacketsOut();

    long getBytesIn();

    long getBytesOut();
}
