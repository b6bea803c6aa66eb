package org.keepalivedj.vrrp;

/**
 * How a VRRPv3 checksum is computed over IPv4 (IPv6 always uses its pseudo-header; v2 never does).
 */
public enum ChecksumMode {
    /** RFC 5798: the IPv4 pseudo-header with the packet's real destination (the peer for unicast). */
    STANDARD,
    /**
     * {@code v3_checksum_as_v2}: sent over the VRRP message only, as in VRRPv2; received in this form
     * or the {@link #STANDARD} one (see AdvertValidator).
     */
    AS_V2,
    /** {@code old_unicast_checksum}: unicast adverts checksummed as if sent to 224.0.0.18 (keepalived before 1.3.6). */
    OLD_UNICAST
}
