package org.keepalivedj.vrrp;

/** Why a received VRRP packet was not accepted; each maps to one statistics counter. */
public enum DropReason {
    /** Shorter than a header, or the length disagrees with the address count. */
    PACKET_LENGTH,
    /** Not VRRPv2/v3, or not the version the instance runs. */
    VERSION,
    /** Type other than ADVERTISEMENT. */
    INVALID_TYPE,
    /** Checksum does not match. */
    CHECKSUM,
    /** No instance with this VRID on the interface. */
    VRID,
    /** TTL / hop limit other than 255 (or outside a unicast peer's min_ttl..max_ttl). */
    TTL,
    /** v2: authentication type differs from ours. */
    AUTH_TYPE_MISMATCH,
    /** v2: an authentication type we do not accept (unknown, or AH outside an AH header). */
    INVALID_AUTH_TYPE,
    /** v2: wrong password. */
    AUTH_FAILURE,
    /** v2: advertisement interval differs from ours. */
    ADVERT_INTERVAL,
    /** Unicast: the source is not one of our peers. */
    UNKNOWN_PEER,
    /** The source is one of our own addresses (our own advert looped back). */
    OWN_PACKET,
    /** The family (IPv4/IPv6) does not fit the VRRP version. */
    FAMILY,
    /** auth_hmac enforce: the advert has no trailer. */
    HMAC_MISSING,
    /** auth_hmac: a trailer of an unknown type or key id, or whose HMAC does not verify. */
    HMAC_INVALID,
    /** auth_hmac anti_replay time: the trailer's time is outside the freshness window. */
    HMAC_STALE,
    /** auth_hmac: the sequence is not above the last one accepted from this sender. */
    HMAC_REPLAY,
    /** auth_type AH: not an AH header as keepalived writes it, or its SPI is not the sender's address. */
    AH_SPI,
    /** auth_type AH: the ICV does not verify (another auth_pass, or the packet was changed). */
    AH_ICV,
    /** auth_type AH: the sequence number is not above the instance's counter. */
    AH_REPLAY
}
