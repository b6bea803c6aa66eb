package org.keepalivedj.vrrp.internal;

import org.keepalivedj.api.vrrp.InstanceState;

/** What the state machine asks the world to do; the runtime sends packets and moves addresses, tests record. */
interface StateEffects {
    /** Sends one advert with this priority (0 when giving up). */
    void sendAdvert(VrrpStateMachine instance, int priority);

    /** Became MASTER: add the virtual addresses, routes, rules; start gratuitous ARP. */
    void takeAddresses(VrrpStateMachine instance);

    /** Left MASTER: remove what takeAddresses added. */
    void releaseAddresses(VrrpStateMachine instance);

    /** After every state change (notify scripts, FIFO, listeners). */
    void stateChanged(VrrpStateMachine instance, InstanceState from, InstanceState to);

    /**
     * A MASTER heard a lower-priority master (a healed partition, a peer that was paused): hosts
     * may have learnt that peer's MAC for the VIPs, so gratuitous ARPs point them back to us.
     */
    default void lowerPriorityMasterSeen(VrrpStateMachine instance) {}

    /** The effective priority changed (tracking, a reload, management): notify_priority_changes. */
    default void priorityChanged(VrrpStateMachine instance, int priority) {}

    /** Does nothing; for instances nobody watches. */
    StateEffects NONE = new StateEffects() {
        @Override
        public void sendAdvert(VrrpStateMachine instance, int priority) {}

        @Override
        public void takeAddresses(VrrpStateMachine instance) {}

        @Override
        public void releaseAddresses(VrrpStateMachine instance) {}

        @Override
        public void stateChanged(VrrpStateMachine instance, InstanceState from, InstanceState to) {}
    };
}
