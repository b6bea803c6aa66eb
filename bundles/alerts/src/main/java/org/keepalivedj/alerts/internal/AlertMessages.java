package org.keepalivedj.alerts.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.vrrp.InstanceState;

/**
 * keepalived's subjects and bodies, so mail filters and habits carry over. The wording was taken
 * from what keepalived 2.2.7 sends (observed with an SMTP sink) and from its documentation.
 */
final class AlertMessages {
    private AlertMessages() {}

    static Mail vrrpInstance(String routerId, String instance, InstanceState state, Instant at) {
        String body = state == InstanceState.MASTER
                ? "=> VRRP Instance is now owning VRRP VIPs <="
                : "=> VRRP Instance is no longer owning VRRP VIPs <=";
        return new Mail(at, "[" + routerId + "] VRRP Instance " + instance + " - Entering " + state + " state", body);
    }

    static Mail vrrpGroup(String routerId, String group, InstanceState state, Instant at) {
        return new Mail(
                at,
                "[" + routerId + "] VRRP Group " + group + " - Entering " + state + " state",
                "=> All VRRP group instances are now in " + state + " state <=");
    }

    /**
     * @param rsKey    {@code 10.0.0.2:80}
     * @param vsKey    {@code 192.0.2.1:80/tcp}
     * @param checkers the real server's checkers: the body names the kind that decided
     */
    static Mail realServer(
            String routerId, String rsKey, String vsKey, boolean up, List<CheckerStatus> checkers, Instant at) {
        String subject = realServerSubject(routerId, rsKey, vsKey, up);
        String kind = checkers.stream()
                .filter(c -> c.up() == up)
                .map(CheckerStatus::kind)
                .findFirst()
                .orElse(checkers.isEmpty() ? "" : checkers.get(0).kind());
        String body = "=> " + checkName(kind) + (up ? " succeed on service <=" : " failed on service <=");
        return new Mail(at, subject, body);
    }

    /**
     * One checker's change that leaves its real server as it was: the subject gives the server's
     * state, the body the checker's verdict.
     */
    static Mail checker(
            String routerId, String rsKey, String vsKey, boolean serverUp, CheckerStatus checker, Instant at) {
        return new Mail(
                at,
                realServerSubject(routerId, rsKey, vsKey, serverUp),
                "=> " + checkName(checker.kind())
                        + (checker.up() ? " succeed on service <=" : " failed on service <="));
    }

    private static String realServerSubject(String routerId, String rsKey, String vsKey, boolean up) {
        return "[" + routerId + "] Realserver " + service(rsKey, protocolOf(vsKey)) + " of virtual server "
                + virtualServer(vsKey) + " - " + (up ? "UP" : "DOWN");
    }

    static Mail quorum(String routerId, String vsKey, boolean up, Instant at) {
        return new Mail(
                at,
                "[" + routerId + "] Virtualserver " + virtualServer(vsKey) + " - " + (up ? "UP" : "DOWN"),
                up ? "=> Gained quorum <=" : "=> Lost quorum <=");
    }

    /** TCP_CHECK is "TCP CHECK" in keepalived's bodies; HTTP_GET and SSL_GET say just "CHECK". */
    static String checkName(String kind) {
        return switch (kind) {
            case "", "HTTP_GET", "SSL_GET" -> "CHECK";
            default -> kind.endsWith("_CHECK") ? kind.substring(0, kind.length() - "_CHECK".length()) + " CHECK" : kind;
        };
    }

    /** {@code 192.0.2.1:80/tcp} as keepalived writes it: {@code [192.0.2.1]:tcp:80}; fwmark and group servers by name. */
    static String virtualServer(String vsKey) {
        int slash = vsKey.lastIndexOf('/');
        String target = slash < 0 ? vsKey : vsKey.substring(0, slash);
        if (target.startsWith("fwmark ")) {
            return "FWM " + target.substring("fwmark ".length());
        }
        if (target.startsWith("group ")) {
            return "[" + target.substring("group ".length()) + "]";
        }
        return service(target, protocolOf(vsKey));
    }

    /** {@code 10.0.0.2:80} or {@code [2001:db8::2]:80} as {@code [10.0.0.2]:tcp:80}. */
    static String service(String endpoint, String protocol) {
        int colon = endpoint.lastIndexOf(':');
        if (colon < 0) {
            return "[" + endpoint + "]";
        }
        String address = endpoint.substring(0, colon);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        return "[" + address + "]:" + protocol + ":" + endpoint.substring(colon + 1);
    }

    private static String protocolOf(String vsKey) {
        int slash = vsKey.lastIndexOf('/');
        return slash < 0 ? "tcp" : vsKey.substring(slash + 1).toLowerCase(Locale.ROOT);
    }
}
