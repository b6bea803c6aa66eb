package org.keepalivedj.api.lvs;

/**
 * Told of health and quorum changes (not of the silent start state), on the health-check thread:
 * return quickly. Publish it as an OSGi service and the lvs bundle binds it (the whiteboard); it hears
 * the changes from then on.
 */
public interface LvsStateListener {
    default void realServerChanged(VirtualServerView virtualServer, RealServerView realServer, boolean up) {}

    /**
     * One checker of a real server changed its verdict (checker.up() is the new one). When that also
     * changes the real server's state, serverChanged is true and {@link #realServerChanged} follows.
     */
    default void checkerChanged(
            VirtualServerView virtualServer, RealServerView realServer, CheckerStatus checker, boolean serverChanged) {}

    default void quorumChanged(VirtualServerView virtualServer, boolean up) {}

    /**
     * A virtual server started (with the daemon or a reload that added it) and its real servers'
     * start states meet its quorum: keepalived mails this ("Starting with quorum up").
     */
    default void startedWithQuorum(VirtualServerView virtualServer) {}
}
