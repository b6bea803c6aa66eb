package org.keepalivedj.api.bfd;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one running BFD session (a {@code bfd_instance}) as management sees it. States and
 * diagnostics use RFC 5880's spelling: {@code AdminDown}, {@code Down}, {@code Init}, {@code Up};
 * {@code Control Detection Time Expired}.
 *
 * @param name the bfd_instance name
 * @param neighbor neighbor_ip
 * @param source source_ip, or null when the routing chooses
 * @param multihop true for RFC 5883 (UDP 4784)
 * @param state our bfd.SessionState
 * @param remoteState the peer's state in its last packet ({@code Down} before any)
 * @param localDiscriminator our My Discriminator, unsigned
 * @param remoteDiscriminator the peer's, unsigned; 0 while unknown
 * @param transmitInterval the negotiated transmit interval: max(our Desired Min TX, peer's Required Min RX)
 * @param receiveInterval the negotiated receive interval: max(our Required Min RX, peer's Desired Min TX)
 * @param detectionTime peer's Detect Mult times the receive interval; zero before the peer has spoken
 * @param packetsIn valid packets accepted by the session
 * @param packetsOut packets sent
 * @param packetsDropped packets addressed to the session and dropped (wrong discriminator, TTL rule)
 * @param upTransitions times the session came Up
 * @param downTransitions times it left Up
 * @param lastDownDiagnostic why it last left Up ({@code No Diagnostic} if it never did)
 * @param lastStateChange when the state last changed (the session's start for one never changed)
 */
public record BfdSessionView(
        String name,
        InetAddress neighbor,
        InetAddress source,
        boolean multihop,
        String state,
        String remoteState,
        long localDiscriminator,
        long remoteDiscriminator,
        Duration transmitInterval,
        Duration receiveInterval,
        Duration detectionTime,
        long packetsIn,
        long packetsOut,
        long packetsDropped,
        long upTransitions,
        long downTransitions,
        String lastDownDiagnostic,
        Instant lastStateChange) {

    /** The four RFC 5880 states in wire-code order, as {@link #state()} spells them. */
    public static final java.util.List<String> STATES = java.util.List.of("AdminDown", "Down", "Init", "Up");

    public boolean up() {
        return "Up".equals(state);
    }
}
