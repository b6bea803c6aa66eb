package org.keepalivedj.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.GarpSettings;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.LvsGlobals;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.SmtpAlert;

/** global_defs { ... } to {@link GlobalDefs}; keywords given twice: the last wins, as in keepalived. */
final class GlobalDefsBinder {
    static final GlobalDefs DEFAULTS = new GlobalDefs(
            Origin.NONE,
            null,
            List.of(),
            null,
            null,
            Duration.ofSeconds(30),
            null,
            SmtpAlert.UNSET,
            SmtpAlert.UNSET,
            SmtpAlert.UNSET,
            null,
            false,
            false,
            2,
            null,
            null,
            GarpSettings.DEFAULTS,
            null,
            false,
            LvsGlobals.NONE,
            Settings.EMPTY);

    private GlobalDefsBinder() {}

    /**
     * The last global_defs block (null: none). Without script_user, scripts run as keepalived_script
     * when this host has that user, else as root, as in keepalived.
     */
    static GlobalDefs bind(ConfigNode block, HostUsers users, Problems problems) {
        GlobalDefs g = block == null ? DEFAULTS : bind(block, problems);
        return g.scriptUser() == null && users.exists(HostUsers.DEFAULT_SCRIPT_USER, null)
                ? g.withScriptUser(HostUsers.DEFAULT_SCRIPT_USER)
                : g;
    }

    private static GlobalDefs bind(ConfigNode block, Problems problems) {
        ProblemSink sink = problems.about("global_defs");
        BlockReader r = BlockReader.of(block, KeywordTable.standard().section("global_defs"), sink);
        List<String> emails =
                r.lines("notification_email").stream().map(ConfigNode::name).toList();
        // vrrp_min_garp: one message at the transition and no second burst, unless set explicitly
        // (peeked: it stays in the settings, which the dump writes)
        GarpSettings garp =
                garp(r, "vrrp_", Boolean.TRUE.equals(r.peekFlag("vrrp_min_garp")) ? MIN_GARP : GarpSettings.DEFAULTS);
        GlobalDefs g = new GlobalDefs(
                Origin.at(block.location()),
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
                r.has("dynamic_interfaces")
                        && r.words("dynamic_interfaces").stream().noneMatch("false"::equals),
                lvs(r, sink),
                fifoScripts(r, r.rest()));
        smtpServer(r, sink);
        snmpSocket(r, sink);
        partialForms(r, sink);
        vmacPrefixes(r, sink);
        familyOf(
                r,
                "vrrp_mcast_group4",
                g.vrrpMcastGroup4() == null ? null : Family.of(g.vrrpMcastGroup4()),
                Family.INET,
                sink);
        familyOf(
                r,
                "vrrp_mcast_group6",
                g.vrrpMcastGroup6() == null ? null : Family.of(g.vrrpMcastGroup6()),
                Family.INET6,
                sink);
        return g;
    }

    /**
     * vmac_prefix and vmac_addr_prefix start interface names: a word the kernel would refuse in a name
     * is an error here, not a failed VMAC at run time. A long one is cut when a name is made (as
     * keepalived cuts it) so that the name with its ".VRID" fits in 15 characters.
     */
    private static void vmacPrefixes(BlockReader r, ProblemSink sink) {
        for (String keyword : List.of("vmac_prefix", "vmac_addr_prefix")) {
            ConfigNode n = r.peekNode(keyword);
            if (n == null || n.args().size() != 1) {
                continue;
            }
            String p = n.args().get(0).text();
            if (p.length() > 15 || p.equals(".") || p.chars().anyMatch(c -> c == '/' || c == ':' || c <= ' ')) {
                sink.error(
                        n.args().get(0).location(),
                        keyword + " '" + p + "' cannot start an interface name (at most 15 characters,"
                                + " no '/', ':' or blanks)");
            }
        }
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
                boolean plain =
                        !w.isEmpty() && w.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'');
                words.add(plain ? w : w.contains("'") ? "\"" + w + "\"" : "'" + w + "'");
            }
            values.put(keyword, String.join(" ", words));
        }
        return values == null ? rest : Settings.of(values);
    }

    /**
     * lvs_timeouts, lvs_flush, lvs_flush_on_stop and lvs_sync_daemon, read without taking them out of
     * the settings (the dump writes them from there). A bad option is left out with a warning, as
     * keepalived leaves it out.
     */
    private static LvsGlobals lvs(BlockReader r, ProblemSink sink) {
        LvsGlobals.Timeouts timeouts = null;
        ConfigNode t = r.peekNode("lvs_timeouts");
        if (t != null) {
            LineCursor c = new LineCursor(t, "global_defs", sink);
            c.next();
            int[] seconds = new int[3];
            while (c.more()) {
                Token option = c.next();
                int i = List.of("tcp", "tcpfin", "udp").indexOf(option.text());
                if (i < 0) {
                    c.unknown(option, "lvs_timeouts");
                    continue;
                }
                Long v = c.number(option, c.value(option), 0, MAX_LVS_TIMEOUT);
                seconds[i] = v == null ? seconds[i] : v.intValue();
            }
            timeouts = new LvsGlobals.Timeouts(seconds[0], seconds[1], seconds[2]); // the table refuses none at all
        }
        LvsGlobals.FlushOnStop onStop = LvsGlobals.FlushOnStop.OURS;
        ConfigNode f = r.peekNode("lvs_flush_on_stop");
        if (f != null) {
            List<String> words = r.peekWords("lvs_flush_on_stop");
            if (words.isEmpty()) {
                onStop = LvsGlobals.FlushOnStop.ALL;
            } else if (words.get(0).equals("VS")) {
                onStop = LvsGlobals.FlushOnStop.VS;
            } else {
                sink.warning(
                        f.args().get(0).location(),
                        "lvs_flush_on_stop takes VS or nothing, not " + words.get(0) + " (line ignored)");
            }
        }
        return new LvsGlobals(timeouts, Boolean.TRUE.equals(r.peekFlag("lvs_flush")), onStop, syncDaemon(r, sink));
    }

    /** lvs_sync_daemon INTERFACE [[inst] VRRP_INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group ADDR]. */
    private static LvsGlobals.SyncDaemon syncDaemon(BlockReader r, ProblemSink sink) {
        ConfigNode n = r.peekNode("lvs_sync_daemon");
        if (n == null) {
            return null;
        }
        LineCursor c = new LineCursor(n, "global_defs", sink);
        Token keyword = c.next();
        String device = c.interfaceName(keyword, c.value(keyword));
        String instance = null;
        Integer syncId = null;
        int maxLength = 0;
        int port = 0;
        int ttl = 0;
        InetAddress group = null;
        while (c.more()) {
            Token option = c.next();
            switch (option.text()) {
                case "inst" -> instance = textOf(c.value(option));
                case "id" -> syncId = c.intNumber(option, c.value(option), 0, 255);
                case "maxlen" ->
                    maxLength = Objects.requireNonNullElse(c.intNumber(option, c.value(option), 1, 65507), 0);
                case "port" -> port = Objects.requireNonNullElse(c.intNumber(option, c.value(option), 1, 65535), 0);
                case "ttl" -> ttl = Objects.requireNonNullElse(c.intNumber(option, c.value(option), 1, 255), 0);
                case "group" -> group = c.address(option, c.value(option), null);
                default -> {
                    if (instance == null && option == n.args().get(1)) {
                        instance = option.text(); // "inst" may be left out
                    } else {
                        c.unknown(option, "lvs_sync_daemon");
                    }
                }
            }
        }
        return device == null ? null : new LvsGlobals.SyncDaemon(device, instance, syncId, maxLength, port, ttl, group);
    }

    /** lvs_timeouts' limit: 31 days, as keepalived's. */
    private static final long MAX_LVS_TIMEOUT = 31L * 86_400;

    private static String textOf(Token t) {
        return t == null ? null : t.text();
    }

    /** smtp_server ADDRESS [PORT]: the alerts connect there, so a bad port is an error here, not a silent default. */
    private static void smtpServer(BlockReader r, ProblemSink sink) {
        List<String> words = r.words("smtp_server");
        if (words.size() > 2) {
            sink.error(
                    r.node("smtp_server").location(),
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
        java.util.regex.Matcher tcp =
                java.util.regex.Pattern.compile("(?:tcp:)?(.+):(\\d{1,5})").matcher(socket);
        if (!unix && !(tcp.matches() && isPort(tcp.group(2)) && !socket.startsWith("udp:"))) {
            sink.warning(
                    r.node("snmp_socket").location(),
                    "snmp_socket " + socket + " is neither unix:/PATH nor tcp:HOST:PORT, SNMP will not be served");
        }
    }

    /** The forms of partial keywords that have no effect here (keywords.table says which). */
    private static void partialForms(BlockReader r, ProblemSink sink) {
        if (!r.peekWords("nftables").isEmpty()) {
            sink.advisory(
                    r.peekNode("nftables").location(),
                    BlockReader.noEffect("nftables TABLE", "the table is always inet keepalivedj"));
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

    /** keepalived's defaults under vrrp_min_garp: one gratuitous ARP / NA, no repeat after garp_master_delay. */
    static final GarpSettings MIN_GARP = new GarpSettings(
            Duration.ZERO,
            1,
            GarpSettings.DEFAULTS.masterRefresh(),
            GarpSettings.DEFAULTS.masterRefreshRepeat(),
            GarpSettings.DEFAULTS.lowerPrioDelay(),
            GarpSettings.DEFAULTS.lowerPrioRepeat(),
            GarpSettings.DEFAULTS.interval(),
            GarpSettings.DEFAULTS.gnaInterval());

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
