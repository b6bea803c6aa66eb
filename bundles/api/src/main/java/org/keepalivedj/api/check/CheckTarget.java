package org.keepalivedj.api.check;

import org.keepalivedj.api.model.Endpoint;

/**
 * What a checker checks: the real server (and the virtual server it belongs to, by key), with the
 * real server's configured weight (checkers that adjust the weight, like FILE_CHECK, start from it)
 * and the virtualhost it inherits: the real server's, else the virtual server's, else null (a
 * checker's own virtualhost, and a url's, come before it).
 */
public record CheckTarget(String virtualServerKey, Endpoint realServer, int configuredWeight, String virtualhost) {
    public CheckTarget(String virtualServerKey, Endpoint realServer, int configuredWeight) {
        this(virtualServerKey, realServer, configuredWeight, null);
    }

    /** A target whose configured weight is keepalived's default, 1. */
    public CheckTarget(String virtualServerKey, Endpoint realServer) {
        this(virtualServerKey, realServer, 1);
    }
}
