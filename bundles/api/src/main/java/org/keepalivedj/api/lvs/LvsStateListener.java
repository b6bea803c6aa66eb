package org.keepalivedj.api.lvs;

/** Told of health and quorum changes (not of the silent start state), on the health-check thread: return quickly. */
public interface LvsStateListener {
    default void realServerChanged(VirtualServerView virtualServer, RealServerView realServer, boolean up) {}

    default void quorumChanged(VirtualServerView virtualServer, boolean up) {}
}
