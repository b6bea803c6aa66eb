package org.keepalivedj.api.model;

import java.util.List;

/**
 * real_server ADDRESS PORT { ... } inside a virtual server. method null: the virtual server's;
 * thresholds 0 when unset; timing as declared here (see {@link CheckTiming#inherit}).
 */
public record RealServer(
        Origin origin,
        Endpoint endpoint,
        int weight,
        ForwardingMethod method,
        int upperThreshold,
        int lowerThreshold,
        boolean inhibitOnFailure,
        String notifyUp,
        String notifyDown,
        boolean alpha,
        CheckTiming timing,
        SmtpAlert smtpAlert,
        String virtualhost,
        Settings settings,
        List<CheckerBlock> checkers) {
    public RealServer {
        checkers = List.copyOf(checkers);
    }

    /** The name used in diff, JMX and messages: 192.0.2.10:80. */
    public String key() {
        return endpoint.toString();
    }
}
