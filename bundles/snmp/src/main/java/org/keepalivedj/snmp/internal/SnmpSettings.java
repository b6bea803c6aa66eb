package org.keepalivedj.snmp.internal;

import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.Settings;

/**
 * The global_defs keywords that turn the agent on and say where snmpd listens. Nothing is served
 * unless one of the enable_snmp_* keywords is given, as in keepalived.
 *
 * @param socket {@code unix:/path} (also a bare path) or {@code tcp:host:port}; keepalived's default
 *               is {@code unix:/var/agentx/master}
 */
record SnmpSettings(
        boolean keepalivedVrrp,
        boolean keepalivedChecker,
        boolean rfc2787,
        boolean rfc6527,
        boolean traps,
        String socket) {

    static final String DEFAULT_SOCKET = "unix:/var/agentx/master";
    static final SnmpSettings OFF = new SnmpSettings(false, false, false, false, false, DEFAULT_SOCKET);

    static SnmpSettings of(GlobalDefs g) {
        if (g == null) {
            return OFF;
        }
        Settings s = g.settings();
        boolean rfc = on(s, "enable_snmp_rfc");
        String socket = s.get("snmp_socket");
        return new SnmpSettings(
                on(s, "enable_snmp_vrrp"),
                on(s, "enable_snmp_checker"),
                rfc || on(s, "enable_snmp_rfcv2"),
                rfc || on(s, "enable_snmp_rfcv3"),
                on(s, "enable_traps"),
                socket == null || socket.isBlank() ? DEFAULT_SOCKET : socket.strip());
    }

    private static boolean on(Settings s, String keyword) {
        return Boolean.TRUE.equals(s.flag(keyword));
    }

    boolean enabled() {
        return keepalivedVrrp || keepalivedChecker || rfc2787 || rfc6527;
    }

    /** Where to connect: a unix socket path or a TCP host and port. */
    record Target(String unixPath, String host, int port) {
        boolean unix() {
            return unixPath != null;
        }

        @Override
        public String toString() {
            return unix() ? "unix:" + unixPath : "tcp:" + host + ":" + port;
        }
    }

    /** The socket as a target; an unusable value is an IllegalArgumentException naming it. */
    Target target() {
        String s = socket;
        if (s.startsWith("unix:")) {
            return new Target(s.substring(5), null, 0);
        }
        if (s.startsWith("/")) {
            return new Target(s, null, 0);
        }
        if (s.startsWith("udp:")) {
            throw new IllegalArgumentException(
                    "snmp_socket " + socket + ": AgentX needs a stream socket, unix:/PATH or tcp:HOST:PORT");
        }
        String rest = s.startsWith("tcp:") ? s.substring(4) : s;
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && rest.substring(colon + 1).matches("\\d{1,5}")) {
            String host = rest.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = Integer.parseInt(rest.substring(colon + 1));
            if (port > 0 && port < 65536) {
                return new Target(null, host, port);
            }
        }
        throw new IllegalArgumentException("snmp_socket " + socket + ": expected unix:/PATH or tcp:HOST:PORT");
    }
}
