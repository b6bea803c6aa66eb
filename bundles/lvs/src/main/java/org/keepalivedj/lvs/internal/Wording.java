package org.keepalivedj.lvs.internal;

import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.Protocol;

/** The log lines operators grep for, in keepalived's wording. */
final class Wording {
    private Wording() {}

    /** {@code [10.0.0.2]:tcp:80}, as keepalived prints a server. */
    static String server(Endpoint e, Protocol protocol) {
        return "[" + IpAddresses.format(e.address()) + "]:" + protocol.keyword() + ":" + e.port();
    }

    static String checkSucceeded(String kind, String rs) {
        return switch (kind) {
            case "TCP_CHECK" -> "TCP connection to " + rs + " success.";
            case "HTTP_GET", "SSL_GET" -> "HTTP status code success to " + rs + " url(s).";
            default -> kind + " on service " + rs + " success.";
        };
    }

    static String checkFailed(String kind, String rs, int retries, String detail) {
        return kind + " on service " + rs + " failed after " + retries + " retries. (" + detail + ")";
    }

    static String adding(String rs, String vs) {
        return "Adding service " + rs + " to VS " + vs;
    }

    static String removing(String rs, String vs) {
        return "Removing service " + rs + " from VS " + vs;
    }

    static String enabling(String rs, String vs) {
        return "Enabling service " + rs + " to VS " + vs;
    }

    static String disabling(String rs, String vs) {
        return "Disabling service " + rs + " from VS " + vs;
    }

    static String lostQuorum(int quorum, int hysteresis, int alive, String vs) {
        return "Lost quorum " + quorum + "-" + hysteresis + "=" + (quorum - hysteresis) + " > " + alive + " for VS "
                + vs;
    }

    static String gainedQuorum(int quorum, int hysteresis, int alive, String vs) {
        return "Gained quorum " + quorum + "+" + hysteresis + "=" + (quorum + hysteresis) + " <= " + alive + " for VS "
                + vs;
    }

    static String addingSorry(String sorry, String vs) {
        return "Adding sorry server " + sorry + " to VS " + vs;
    }

    static String removingSorry(String sorry, String vs) {
        return "Removing sorry server " + sorry + " from VS " + vs;
    }

    static String removingAlive(String vs) {
        return "Removing alive servers from the pool for VS " + vs;
    }

    static String addingAlive(String vs) {
        return "Adding alive servers to the pool for VS " + vs;
    }
}
