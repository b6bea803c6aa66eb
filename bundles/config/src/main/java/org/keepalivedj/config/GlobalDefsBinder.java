package org.keepalivedj.config;

import java.time.Duration;
import java.util.List;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.GarpSettings;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.SmtpAlert;

/** global_defs { ... } to {@link GlobalDefs}; keywords given twice: the last wins, as in keepalived. */
final class GlobalDefsBinder {
    static final GlobalDefs DEFAULTS = new GlobalDefs(Origin.NONE, null, List.of(), null, null,
            Duration.ofSeconds(30), null, SmtpAlert.UNSET, SmtpAlert.UNSET, SmtpAlert.UNSET, null, false, false, 2, null, null, GarpSettings.DEFAULTS,
            null, false, Settings.EMPTY);

    private GlobalDefsBinder() {
    }

    /**
     * The last global_defs block (null: none). Without script_user, scripts run as keepalived_script
     * when this host has that user, else as root, as in keepalived.
     */
    static GlobalDefs bind(ConfigNode block, HostUsers users, Problems problems) {
        GlobalDefs g = block == null ? DEFAULTS : bind(block, problems);
        return g.scriptUser() == null && users.exists(HostUsers.DEFAULT_SCRIPT_USER, null)
                ? g.withScriptUser(HostUsers.DEFAULT_SCRIPT_USER) : g;
    }

    private static GlobalDefs bind(ConfigNode block, Problems problems) {
        ProblemSink sink = problems.about("global_defs");
        BlockReader r = BlockReader.of(block, KeywordTable.standard().section("global_defs"), sink);
        List<String> emails = r.lines("notification_email").stream().map(ConfigNode::name).toList();
        GarpSettings garp = garp(r, "vrrp_", GarpSettings.DEFAULTS);
        GlobalDefs g = new GlobalDefs(Origin.at(block.location()),
                r.word("router_id", null),
                emails,
                r.word("notification_email_from", null),
                r.text("smtp_server", null),
                r.duration("smtp_connect_timeout", DEFAULTS.smtpConnectTimeout()),
                r.word("smtp_helo_name", null),
                SmtpAlert.of(r.optionalFlag("smtp_alert")),
                SmtpAlert.of(r.optionalFlag("smtp_alert_vrrp")),
                SmtpAlert.of(r.optionalFlag("smtp_alert_checker")),
                r.text("script_user", null),
                r.flag("enable_script_security"),
                r.flag("vrrp_strict"),
                r.integer("vrrp_version", 2),
                r.ip("vrrp_mcast_group4"),
                r.ip("vrrp_mcast_group6"),
                garp,
                r.word("default_interface", null),
                r.has("dynamic_interfaces") && r.words("dynamic_interfaces").stream().noneMatch("false"::equals),
                fifoScripts(r, r.rest()));
        smtpServer(r, sink);
        snmpSocket(r, sink);
        partialForms(r, sink);
        familyOf(r, "vrrp_mcast_group4", g.vrrpMcastGroup4() == null ? null : Family.of(g.vrrpMcastGroup4()),
                Family.INET, sink);
        familyOf(r, "vrrp_mcast_group6", g.vrrpMcastGroup6() == null ? null : Family.of(g.vrrpMcastGroup6()),
                Family.INET6, sink);
        return g;
    }

    /**
     * {@code *_notify_fifo_script SCRIPT [username [groupname]]}: the script is one word, quoted when it
     * has arguments. Settings join words unquoted, which would run the script's arguments into the
     * user; these keep the script's quotes so that {@code FifoSpec} tells the two apart.
     */
    private static Settings fifoScripts(BlockReader r, Settings rest) {
        java.util.Map<String, String> values = null;
        for (String keyword : List.of("notify_fifo_script", "vrrp_notify_fifo_script", "lvs_notify_fifo_script")) {
            ConfigNode n = rest.has(keyword) ? r.peekNode(keyword) : null;
            if (n == null || n.args().isEmpty()) {
                continue;
            }
            if (values == null) {
                values = new java.util.LinkedHashMap<>(rest.asMap());
            }
            List<String> words = new java.util.ArrayList<>();
            for (var t : n.args()) {
                String w = t.text();
                boolean plain = !w.isEmpty() && w.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'');
                words.add(plain ? w : w.contains("'") ? "\"" + w + "\"" : "'" + w + "'");
            }
            values.put(keyword, String.join(" ", words));
        }
        return values == null ? rest : Settings.of(values);
    }

    /** smtp_server ADDRESS [PORT]: the alerts connect there, so a bad port is an error here, not a silent default. */
    private static void smtpServer(BlockReader r, ProblemSink sink) {
        List<String> words = r.words("smtp_server");
        if (words.size() > 2) {
            sink.error(r.node("smtp_server").location(),
                    "smtp_server takes an address and an optional port, not " + String.join(" ", words));
        } else if (words.size() == 2 && !isPort(words.get(1))) {
            sink.error(r.node("smtp_server").location(), "smtp_server port must be 1-65535, not " + words.get(1));
        }
    }

    /**
     * snmp_socket: the AgentX master's stream socket, {@code unix:/PATH} (or a bare path) or
     * {@code tcp:HOST:PORT}. Another form only costs SNMP (the snmp bundle then serves nothing), so
     * it is a warning.
     */
    private static void snmpSocket(BlockReader r, ProblemSink sink) {
        if (!r.has("snmp_socket")) {
            return;
        }
        String socket = r.word("snmp_socket", "");
        boolean unix = socket.startsWith("unix:/") || socket.startsWith("/");
        java.util.regex.Matcher tcp = java.util.regex.Pattern.compile("(?:tcp:)?(.+):(\\d{1,5})").matcher(socket);
        if (!unix && !(tcp.matches() && isPort(tcp.group(2)) && !socket.startsWith("udp:"))) {
            sink.warning(r.node("snmp_socket").location(), "snmp_socket " + socket
                    + " is neither unix:/PATH nor tcp:HOST:PORT, SNMP will not be served");
        }
    }

    /** The forms of partial keywords that have no effect here (keywords.table says which). */
    private static void partialForms(BlockReader r, ProblemSink sink) {
        if (!r.peekWords("nftables").isEmpty()) {
            sink.advisory(r.peekNode("nftables").location(), BlockReader.noEffect("nftables TABLE",
                    "the table is always inet keepalivedj"));
        }
    }

    private static boolean isPort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void familyOf(BlockReader r, String keyword, Family actual, Family expected, ProblemSink sink) {
        if (actual != null && actual != expected) {
            Location at = r.node(keyword).location();
            sink.error(at, keyword + " must be an " + Lines.describe(expected) + " address");
        }
    }

    /** The garp_* keywords (prefix "vrrp_" in global_defs, "" in an instance) over the given defaults. */
    static GarpSettings garp(BlockReader r, String prefix, GarpSettings d) {
        return new GarpSettings(
                seconds(r, prefix + "garp_master_delay", d.masterDelay()),
                r.integer(prefix + "garp_master_repeat", d.masterRepeat()),
                seconds(r, prefix + "garp_master_refresh", d.masterRefresh()),
                r.integer(prefix + "garp_master_refresh_repeat", d.masterRefreshRepeat()),
                seconds(r, prefix + "garp_lower_prio_delay", d.lowerPrioDelay()),
                r.integer(prefix + "garp_lower_prio_repeat", d.lowerPrioRepeat()),
                prefix.isEmpty() ? d.interval() : r.duration("vrrp_garp_interval", d.interval()),
                prefix.isEmpty() ? d.gnaInterval() : r.duration("vrrp_gna_interval", d.gnaInterval()));
    }

    private static Duration seconds(BlockReader r, String keyword, Duration otherwise) {
        Integer v = r.integerOrNull(keyword);
        return v == null ? otherwise : Duration.ofSeconds(v);
    }
}
