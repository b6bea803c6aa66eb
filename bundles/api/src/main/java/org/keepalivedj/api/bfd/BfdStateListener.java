package org.keepalivedj.api.bfd;

/**
 * Told when a BFD session becomes Up or stops being Up, on the BFD engine's thread: return quickly
 * (hand the event to your own thread). atNanos is on the {@link System#nanoTime()} clock.
 */
@FunctionalInterface
public interface BfdStateListener {
    void sessionChanged(String session, boolean up, long atNanos);
}
