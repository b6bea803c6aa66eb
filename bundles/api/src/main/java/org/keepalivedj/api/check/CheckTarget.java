package org.keepalivedj.api.check;

import org.keepalivedj.api.model.Endpoint;

/**
 * What a checker checks: the real server (and the virtual server it belongs to, by key), with the
 * real server's configured weight (checkers that adjust the weight, like FILE_CHECK, start from it).
 */
public record CheckTarget(String virtualServerKey, Endpoint realServer, int configuredWeight) {
    /** A target whose configured weight is keepalived's default, 1. */
    public CheckTarget(String virtualServerKey, Endpoint realServer) {
        this(virtualServerKey, realServer, 1);
    }
}
