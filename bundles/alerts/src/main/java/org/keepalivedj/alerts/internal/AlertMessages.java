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
        CheckerStatus decided = checkers.stream()
                .filter(c -> c.up() == up)
                .findFirst()
                .orElse(checkers.isEmpty() ? null : checkers.get(0));
        String kind = decided == null ? "" : decided.kind();
        String detail = decided == null ? "" : decided.lastDetail();
        return new Mail(at, realServerSubject(routerId, rsKey, vsKey, up), body(kind, up, detail));
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
                body(checker.kind(), checker.up(), checker.lastDetail()));
    }

    /**
     * Each checker kind's own sentence, as keepalived 2.2.7 mailed them (observed in the
     * user-mode-linux lab): HTTP_GET and SSL_GET give one reason for every failure, SMTP_CHECK its
     * log sentence (the checker's detail), MISC_CHECK says "succeeded" and "timed out", DNS_CHECK
     * keeps its underscore and a colon, PING_CHECK is "ICMP CHECK".
     */
    static String body(String kind, boolean up, String detail) {
        String verdict = up ? "succeed" : "failed";
        return switch (kind) {
            case "HTTP_GET", "SSL_GET" ->
                up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service : HTTP request failed <=";
            case "SMTP_CHECK" ->
                up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service : " + detail + " <=";
            case "MISC_CHECK" ->
                up
                        ? "=> MISC CHECK succeeded on service <="
                        : detail != null && detail.contains("timed out")
                                ? "=> MISC CHECK timed out on service <="
                                : "=> MISC CHECK failed on service <=";
            case "DNS_CHECK" -> "=> DNS_CHECK: " + verdict + " on service <=";
            case "PING_CHECK" -> "=> ICMP CHECK " + verdict + " on service <=";
            default -> "=> " + checkName(kind) + " " + verdict + " on service <=";
        };
    }

    private static String realServerSubject(String routerId, String rsKey, String vsKey, boolean up) {
        return "[" + routerId + "] Realserver " + service(rsKey, protocolOf(vsKey)) + " of virtual server "
                + virtualServer(vsKey) + " - " + (up ? "UP" : "DOWN");
    }

    /**
     * keepalived 2.2.7's quorum mail: the rule and the alive weight, {@code Gained quorum 2+1=3 <= 3}.
     * Its mail for a loss writes the threshold q-h after "q+h=", {@code Lost quorum 2+1=1 <= 0}
     * (its log line says 2-1=1 > 0); the mail is copied as it is, for filters that match it.
     */
    static Mail quorum(String routerId, String vsKey, boolean up, int quorum, int hysteresis, int alive, Instant at) {
        String rule =
                quorum + "+" + hysteresis + "=" + (up ? quorum + hysteresis : quorum - hysteresis) + " <= " + alive;
        return new Mail(
                at,
                "[" + routerId + "] Virtualserver " + virtualServer(vsKey) + " - " + (up ? "UP" : "DOWN"),
                up ? "=> Gained quorum " + rule + " <=" : "=> Lost quorum " + rule + " <=");
    }

    /** keepalived's mail when a virtual server starts with its quorum met (its real servers start up). */
    static Mail quorumAtStart(String routerId, String vsKey, int quorum, int hysteresis, int alive, Instant at) {
        return new Mail(
                at,
                "[" + routerId + "] Virtualserver " + virtualServer(vsKey) + " - UP",
                "=> Starting with quorum up " + quorum + "+" + hysteresis + "=" + (quorum + hysteresis) + " <= " + alive
                        + " <=");
    }

    /** TCP_CHECK is "TCP CHECK" in keepalived's bodies; with no checker, just "CHECK". */
    private static String checkName(String kind) {
        if (kind.isEmpty()) {
            return "CHECK";
        }
        return kind.endsWith("_CHECK") ? kind.substring(0, kind.length() - "_CHECK".length()) + " CHECK" : kind;
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
