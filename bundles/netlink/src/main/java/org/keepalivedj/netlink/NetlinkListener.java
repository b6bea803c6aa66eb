package org.keepalivedj.netlink;

/** Receives link and address events from a {@link NetlinkMonitor}, on the monitor's thread. */
public interface NetlinkListener {

    /** A link was created or changed (removed = false), or deleted (removed = true). */
    default void linkChanged(Link link, boolean removed) {}

    /** An address appeared (removed = false) or went away (removed = true). */
    default void addressChanged(IfAddress address, boolean removed) {}

    /** The kernel dropped events (socket buffer overrun): state must be read again. */
    default void eventsLost() {}
}
