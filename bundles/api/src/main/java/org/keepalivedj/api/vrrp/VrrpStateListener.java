package org.keepalivedj.api.vrrp;

import java.net.InetAddress;

/**
 * Told of every state change of every instance, on the VRRP timer thread: return quickly. Publish it
 * as an OSGi service and the vrrp bundle binds it (the whiteboard); it hears the changes from then on.
 */
@FunctionalInterface
public interface VrrpStateListener {
    void stateChanged(VrrpInstanceView instance, InstanceState from, InstanceState to);

    /**
     * An advert for this instance was dropped for an authentication or protocol error (each one,
     * though the log says it only once in a while); {@code source} is the sender's address.
     */
    default void advertRejected(VrrpInstanceView instance, AdvertError error, InetAddress source) {}
}
