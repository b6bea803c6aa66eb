package org.keepalivedj.api.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * virtual_server ADDRESS PORT | fwmark N | group NAME { ... }. family is null only for a group or
 * fwmark server with neither ip_family nor real servers. persistenceTimeout null: not persistent.
 * realServers is keyed by {@link RealServer#key()}, in declaration order.
 */
public record VirtualServer(
        Origin origin,
        VsTarget target,
        Protocol protocol,
        Family family,
        String scheduler,
        List<String> schedulerFlags,
        ForwardingMethod method,
        Duration persistenceTimeout,
        String persistenceGranularity,
        String persistenceEngine,
        boolean haSuspend,
        String virtualhost,
        boolean alpha,
        boolean omega,
        int quorum,
        int hysteresis,
        String quorumUp,
        String quorumDown,
        boolean inhibitOnFailure,
        SorryServer sorryServer,
        SmtpAlert smtpAlert,
        CheckTiming timing,
        Settings settings,
        Map<String, RealServer> realServers) {
    public VirtualServer {
        schedulerFlags = List.copyOf(schedulerFlags);
        realServers = NamedMaps.copyOf(realServers);
    }

    /** The name used in diff, JMX and messages: 192.0.2.1:80/tcp, fwmark 1/tcp, group WEB/tcp. */
    public String key() {
        return key(target, protocol);
    }

    public static String key(VsTarget target, Protocol protocol) {
        return target + "/" + protocol.keyword();
    }
}
