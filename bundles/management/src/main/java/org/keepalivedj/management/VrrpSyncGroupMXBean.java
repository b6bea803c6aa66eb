package org.keepalivedj.management;

/** {@code keepalived:type=VrrpSyncGroup,name=G1}: a sync group and its members' states. */
public interface VrrpSyncGroupMXBean {
    String TYPE = "VrrpSyncGroup";

    String getName();

    /** The members' common state, or MIXED while they are moving. */
    String getState();

    String[] getMembers();
}
