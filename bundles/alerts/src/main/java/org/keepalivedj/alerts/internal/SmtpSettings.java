package org.keepalivedj.alerts.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.keepalivedj.api.model.GlobalDefs;

/**
 * Where and how alerts are sent, from global_defs. Only a config with both an smtp_server and at
 * least one notification_email sends mail, as in keepalived.
 *
 * @param timeout bounds the connect and every reply of the dialogue (smtp_connect_timeout)
 */
record SmtpSettings(
        String host,
        int port,
        String heloName,
        String from,
        List<String> recipients,
        Duration timeout,
        String routerId) {
    static final int DEFAULT_PORT = 25;

    SmtpSettings {
        recipients = List.copyOf(recipients);
    }

    /** Empty when mail is not configured; the host name stands in for router_id and smtp_helo_name. */
    static Optional<SmtpSettings> from(GlobalDefs g, String hostName) {
        if (g.smtpServer() == null
                || g.smtpServer().isBlank()
                || g.notificationEmails().isEmpty()) {
            return Optional.empty();
        }
        String[] words = g.smtpServer().trim().split("\\s+");
        String host = words[0].startsWith("[") && words[0].endsWith("]")
                ? words[0].substring(1, words[0].length() - 1)
                : words[0];
        int port = words.length > 1 ? parsePort(words[1]) : DEFAULT_PORT;
        String from = g.notificationEmailFrom() != null ? g.notificationEmailFrom() : "keepalived@" + hostName;
        return Optional.of(new SmtpSettings(
                host,
                port,
                g.smtpHeloName() != null ? g.smtpHeloName() : hostName,
                from,
                g.notificationEmails(),
                g.smtpConnectTimeout(),
                g.routerId() != null ? g.routerId() : hostName));
    }

    /** The config binder already refused a bad port; this only guards against a model built by hand. */
    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 1 && port <= 65535 ? port : DEFAULT_PORT;
        } catch (NumberFormatException e) {
            return DEFAULT_PORT;
        }
    }

    /** host:port, with brackets around an IPv6 literal. */
    String server() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
