package org.keepalivedj.api.vrrp;

/**
 * Why an instance dropped an advert, for the errors the VRRP MIBs announce: the authentication
 * errors of RFC 2787's vrrpTrapAuthErrorType and the protocol errors of RFC 6527's
 * vrrpv3StatisticsProtoErrReason.
 */
public enum AdvertError {
    /** RFC 2787 invalidAuthType(1): an authentication type this router does not know. */
    INVALID_AUTH_TYPE,
    /** RFC 2787 authTypeMismatch(2): another authentication type than the instance's. */
    AUTH_TYPE_MISMATCH,
    /** RFC 2787 authFailure(3): the right type, the wrong password. */
    AUTH_FAILURE,
    /** RFC 6527 ipTtlError(1): not sent with TTL / hop limit 255. */
    IP_TTL,
    /** RFC 6527 versionError(2). */
    VERSION,
    /** RFC 6527 checksumError(3). */
    CHECKSUM
}
