package org.keepalivedj.api.vrrp;

/** Told of every state change of every instance, on the VRRP timer thread: return quickly. */
@FunctionalInterface
public interface VrrpStateListener {
    void stateChanged(VrrpInstanceView instance, InstanceState from, InstanceState to);
}
