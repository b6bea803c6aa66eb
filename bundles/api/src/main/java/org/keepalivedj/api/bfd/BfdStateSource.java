package org.keepalivedj.api.bfd;

/**
 * Whether each bfd_instance session is Up, and every change of that, for what tracks sessions
 * (track_bfd in VRRP, BFD_CHECK on real servers). Registered as a service by the bfd bundle. A
 * session is Up or not Up: Down, Init and AdminDown all count as down, as in keepalived. Which side
 * a session feeds (its {@code vrrp} / {@code checker} flags) is the consumer's to read from the
 * config ({@link org.keepalivedj.api.model.BfdInstance#feedsVrrp()}).
 */
public interface BfdStateSource {
    /** Whether the session of this bfd_instance is Up now; false when there is no such session. */
    boolean isUp(String session);

    /**
     * Tells the listener of every change from now on. Register before reading {@link #isUp} so that
     * no change falls between the two.
     */
    void addStateListener(BfdStateListener listener);

    void removeStateListener(BfdStateListener listener);
}
