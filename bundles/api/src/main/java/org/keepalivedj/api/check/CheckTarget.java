package org.keepalivedj.api.check;

import org.keepalivedj.api.model.Endpoint;

/** What a checker checks: the real server (and the virtual server it belongs to, by key). */
public record CheckTarget(String virtualServerKey, Endpoint realServer) {
}
