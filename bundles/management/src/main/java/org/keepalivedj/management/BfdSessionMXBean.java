package org.keepalivedj.management;

/**
 * {@code keepalived:type=BfdSession,name=bfd1}: one running BFD session (a bfd_instance). Read-only;
 * emits a {@code keepalived.bfd.state} notification on every state change.
 */
public interface BfdSessionMXBean {
    String TYPE = "BfdSession";
    String STATE_CHANGE = "keepalived.bfd.state";

    String getName();

    /** AdminDown, Down, Init or Up (RFC 5880's spelling). */
    String getState();

    /** The peer's state in its last packet. */
    String getRemoteState();

    String getNeighbor();

    /** source_ip, empty when the routing chooses. */
    String getSource();

    boolean isMultihop();

    long getLocalDiscriminator();

    /** 0 while the peer is unknown. */
    long getRemoteDiscriminator();

    /** The negotiated transmit interval, in microseconds. */
    long getTransmitIntervalMicros();

    /** The negotiated receive interval, in microseconds. */
    long getReceiveIntervalMicros();

    /** The detection time, in microseconds; 0 before the peer has spoken. */
    long getDetectionTimeMicros();

    long getPacketsIn();

    long getPacketsOut();

    long getPacketsDropped();

    long getUpTransitions();

    long getDownTransitions();

    /** Why the session last left Up, e.g. {@code Control Detection Time Expired}. */
    String getLastDownDiagnostic();

    /** ISO-8601 instant of the last state change. */
    String getLastStateChange();
}
