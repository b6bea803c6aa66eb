package org.keepalivedj.api.bfd;

import java.util.List;

/**
 * Told of every state change of every BFD session, on the BFD thread: return quickly. Publish it as
 * an OSGi service and the bfd bundle binds it (the whiteboard). A session is Up or not Up for what
 * tracks it: Down, Init and AdminDown all count as down, as in keepalived; which side a session feeds
 * (its {@code vrrp} / {@code checker} flags) is the consumer's to read from the config ({@link
 * org.keepalivedj.api.model.BfdInstance#feedsVrrp()}).
 */
@FunctionalInterface
public interface BfdSessionListener {
    /** session is the snapshot taken just after the change; from and to use RFC 5880's spelling. */
    void stateChanged(BfdSessionView session, String from, String to);

    /**
     * The sessions as they are when this listener is bound (or none), told once on the BFD thread
     * before any change: a listener bound after the sessions started starts from these, and misses
     * no change after them.
     */
    default void bound(List<BfdSessionView> sessions) {}

    /** Whether a change from {@code from} to {@code to} makes the session Up or ends its being Up. */
    static boolean upChanged(String from, String to) {
        return "Up".equals(from) != "Up".equals(to);
    }
}
