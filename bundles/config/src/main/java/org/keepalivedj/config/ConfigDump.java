package org.keepalivedj.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.CheckerBlock;
import org.keepalivedj.api.model.ConfigLines;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.GarpGroup;
import org.keepalivedj.api.model.GarpSettings;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.NotifyScripts;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.SmtpAlert;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.TrackFile;
import org.keepalivedj.api.model.TrackProcess;
import org.keepalivedj.api.model.TrackRef;
import org.keepalivedj.api.model.Tracking;
import org.keepalivedj.api.model.UnicastPeer;
import org.keepalivedj.api.model.VirtualAddress;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.api.model.VirtualServerGroup;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.model.VrrpScript;
import org.keepalivedj.api.model.VsTarget;

/**
 * The canonical text of a model: every object in a fixed order, defaults written out, words quoted
 * where needed. Reading the dump back gives an equal model.
 */
public final class ConfigDump {
    private final StringBuilder out = new StringBuilder();
    private int depth;

    private ConfigDump() {}

    public static String dump(KeepalivedConfig c) {
        ConfigDump d = new ConfigDump();
        d.all(c);
        return d.out.toString();
    }

    private void all(KeepalivedConfig c) {
        if (c.netNamespace() != null) {
            line("net_namespace", c.netNamespace().name());
        }
        global(c.globalDefs());
        settings(c.rootSettings());
        addressBlock("static_ipaddress", c.staticAddresses());
        routeBlock("static_routes", c.staticRoutes());
        ruleBlock("static_rules", c.staticRules());
        c.trackGroups().values().forEach(t -> {
            open("track_group", t.name());
            nameBlock("group", t.instances());
            close();
        });
        if (!c.linkbeatInterfaces().isEmpty()) {
            nameBlock("linkbeat_interfaces", c.linkbeatInterfaces());
        }
        if (!c.interfaceUpDownDelays().isEmpty()) {
            open("interface_up_down_delays");
            c.interfaceUpDownDelays()
                    .values()
                    .forEach(d -> raw(ConfigLines.quote(d.interfaceName()) + " " + Numbers.seconds(d.down()) + " "
                            + Numbers.seconds(d.up())));
            close();
        }
        c.garpGroups().forEach(this::garpGroup);
        c.vrrpScripts().values().forEach(this::script);
        c.trackFiles().values().forEach(this::trackFile);
        c.trackProcesses().values().forEach(this::trackProcess);
        c.bfdInstances().values().forEach(this::bfd);
        c.vrrpInstances().values().forEach(this::instance);
        c.syncGroups().values().forEach(this::syncGroup);
        if (c.ssl() != null) {
            open("SSL");
            line("password", c.ssl().password());
            line("ca", c.ssl().ca());
            line("certificate", c.ssl().certificate());
            line("key", c.ssl().key());
            close();
        }
        c.virtualServerGroups().values().forEach(this::group);
        c.virtualServers().values().forEach(this::virtualServer);
    }

    private void global(GlobalDefs g) {
        open("global_defs");
        line("router_id", g.routerId());
        if (!g.notificationEmails().isEmpty()) {
            nameBlock("notification_email", g.notificationEmails());
        }
        line("notification_email_from", g.notificationEmailFrom());
        spaced("smtp_server", g.smtpServer());
        line("smtp_connect_timeout", seconds(g.smtpConnectTimeout()));
        line("smtp_helo_name", g.smtpHeloName());
        alert("smtp_alert", g.smtpAlert());
        alert("smtp_alert_vrrp", g.smtpAlertVrrp());
        alert("smtp_alert_checker", g.smtpAlertChecker());
        line("script_user", g.scriptUser());
        flag("enable_script_security", g.enableScriptSecurity());
        flag("vrrp_strict", g.vrrpStrict());
        line("vrrp_version", String.valueOf(g.vrrpVersion()));
        line("vrrp_mcast_group4", address(g.vrrpMcastGroup4()));
        line("vrrp_mcast_group6", address(g.vrrpMcastGroup6()));
        garp("vrrp_", g.vrrpGarp());
        line("vrrp_garp_interval", seconds(g.vrrpGarp().interval()));
        line("vrrp_gna_interval", seconds(g.vrrpGarp().gnaInterval()));
        line("default_interface", g.defaultInterface());
        flag("dynamic_interfaces", g.dynamicInterfaces());
        settings(g.settings());
        close();
    }

    private void garp(String prefix, GarpSettings g) {
        line(prefix + "garp_master_delay", String.valueOf(g.masterDelay().toSeconds()));
        line(prefix + "garp_master_repeat", String.valueOf(g.masterRepeat()));
        line(prefix + "garp_master_refresh", String.valueOf(g.masterRefresh().toSeconds()));
        line(prefix + "garp_master_refresh_repeat", String.valueOf(g.masterRefreshRepeat()));
        line(prefix + "garp_lower_prio_delay", String.valueOf(g.lowerPrioDelay().toSeconds()));
        line(prefix + "garp_lower_prio_repeat", String.valueOf(g.lowerPrioRepeat()));
    }

    private void garpGroup(GarpGroup g) {
        open("garp_group");
        line("garp_interval", seconds(g.garpInterval()));
        line("gna_interval", seconds(g.gnaInterval()));
        nameBlock("interfaces", g.interfaces());
        close();
    }

    private void script(VrrpScript s) {
        open("vrrp_script", s.name());
        line("script", s.script());
        line("interval", seconds(s.interval()));
        line("timeout", seconds(s.timeout()));
        spaced("weight", s.weight() + (s.reverse() ? " reverse" : ""));
        line("rise", String.valueOf(s.rise()));
        line("fall", String.valueOf(s.fall()));
        if (s.user() != null) {
            words("user", s.group() == null ? List.of(s.user()) : List.of(s.user(), s.group()));
        }
        flag("init_fail", s.initFail());
        close();
    }

    private void trackFile(TrackFile f) {
        open("track_file", f.name());
        line("file", f.file());
        spaced("weight", f.weight() + (f.reverse() ? " reverse" : ""));
        if (f.initValue() != null) {
            spaced("init_file", f.initValue() + (f.initOverwrite() ? " overwrite" : ""));
        }
        close();
    }

    private void trackProcess(TrackProcess p) {
        open("vrrp_track_process", p.name());
        if (p.process() != null) {
            words("process", concat(p.process(), p.parameters()));
        }
        line("param_match", p.paramMatch());
        spaced("weight", p.weight() + (p.reverse() ? " reverse" : ""));
        line("quorum", String.valueOf(p.quorum()));
        line("quorum_max", p.quorumMax() == 0 ? null : String.valueOf(p.quorumMax()));
        line("delay", seconds(p.delay()));
        line("terminate_delay", seconds(p.terminateDelay()));
        line("fork_delay", seconds(p.forkDelay()));
        flag("full_command", p.fullCommand());
        close();
    }

    private void bfd(BfdInstance b) {
        open("bfd_instance", b.name());
        line("neighbor_ip", address(b.neighbor()));
        line("source_ip", address(b.source()));
        line("min_rx", Numbers.millis(b.minRx()));
        line("min_tx", Numbers.millis(b.minTx()));
        line("idle_tx", Numbers.millis(b.idleTx()));
        line("multiplier", String.valueOf(b.multiplier()));
        flag("passive", b.passive());
        line("ttl", String.valueOf(b.ttl()));
        line("hoplimit", String.valueOf(b.hoplimit()));
        line("max_hops", String.valueOf(b.maxHops()));
        flag("multihop", b.multihop());
        spaced("weight", b.weight() + (b.reverse() ? " reverse" : ""));
        settings(b.settings());
        close();
    }

    private void instance(VrrpInstance i) {
        open("vrrp_instance", i.name());
        line("state", i.initialState().name());
        line("interface", i.interfaceName());
        line("virtual_router_id", String.valueOf(i.virtualRouterId()));
        line("priority", String.valueOf(i.priority()));
        line("advert_int", seconds(i.advertInterval()));
        line("version", String.valueOf(i.version()));
        flag("native_ipv6", i.family() == Family.INET6 && i.virtualAddresses().isEmpty());
        flag("nopreempt", i.nopreempt());
        line("preempt_delay", i.preemptDelay().isZero() ? null : seconds(i.preemptDelay()));
        if (i.accept() != null) {
            flag(i.accept() ? "accept" : "no_accept", true);
        }
        line(i.unicast() ? "unicast_src_ip" : "mcast_src_ip", address(i.sourceAddress()));
        line("mcast_dst_ip", address(i.multicastGroup()));
        if (!i.unicastPeers().isEmpty()) {
            open("unicast_peer");
            i.unicastPeers().forEach(this::peer);
            close();
        }
        addressBlock("virtual_ipaddress", i.virtualAddresses());
        addressBlock("virtual_ipaddress_excluded", i.excludedAddresses());
        routeBlock("virtual_routes", i.virtualRoutes());
        ruleBlock("virtual_rules", i.virtualRules());
        tracking(i.tracking());
        flag("dont_track_primary", i.dontTrackPrimary());
        if (i.vmac() != null && i.vmac().ipvlan() != null) {
            spaced("use_ipvlan", i.vmac().name() + " " + i.vmac().ipvlan());
        } else if (i.vmac() != null) {
            spaced(
                    "use_vmac",
                    i.vmac().name() + (i.vmac().mac() != null ? " " + i.vmac().mac() : ""));
            if (i.vmac().xmitBase()) {
                line("vmac_xmit_base", "");
            }
        }
        if (i.authentication() != null) {
            open("authentication");
            line("auth_type", i.authentication().type());
            line("auth_pass", i.authentication().password());
            close();
        }
        if (i.hmacAuthentication() != null) {
            var h = i.hmacAuthentication();
            open("auth_hmac");
            h.keys()
                    .forEach((id, key) -> spaced(
                            "key", id + " hex:" + java.util.HexFormat.of().formatHex(key)));
            line("active_key", String.valueOf(h.activeKey()));
            line("anti_replay", h.antiReplay().name().toLowerCase(java.util.Locale.ROOT));
            line("time_window", String.valueOf(h.timeWindow().toSeconds()));
            line("mode", h.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            close();
        }
        notify(i.notifyScripts());
        alert("smtp_alert", i.smtpAlert());
        garp("", i.garp());
        settings(i.settings());
        close();
    }

    private void peer(UnicastPeer p) {
        StringBuilder sb = new StringBuilder(IpAddresses.format(p.address()));
        if (p.minTtl() >= 0) {
            sb.append(" min_ttl ").append(p.minTtl());
        }
        if (p.maxTtl() >= 0) {
            sb.append(" max_ttl ").append(p.maxTtl());
        }
        raw(sb.toString());
    }

    private void syncGroup(SyncGroup g) {
        open("vrrp_sync_group", g.name());
        nameBlock("group", g.members());
        tracking(g.tracking());
        notify(g.notifyScripts());
        alert("smtp_alert", g.smtpAlert());
        flag("sync_group_tracking_weight", g.trackingWeight());
        flag("notify_priority_changes", g.notifyPriorityChanges());
        close();
    }

    private void tracking(Tracking t) {
        refs("track_interface", t.interfaces());
        refs("track_script", t.scripts());
        refs("track_file", t.files());
        refs("track_process", t.processes());
        refs("track_bfd", t.bfds());
    }

    private void refs(String keyword, List<TrackRef> refs) {
        if (refs.isEmpty()) {
            return;
        }
        open(keyword);
        for (TrackRef r : refs) {
            raw(ConfigLines.quote(r.name())
                    + (r.weight() == null ? "" : " weight " + r.weight())
                    + (r.reverse() ? " reverse" : ""));
        }
        close();
    }

    private void notify(NotifyScripts n) {
        line("notify_master", n.master());
        line("notify_backup", n.backup());
        line("notify_fault", n.fault());
        line("notify_stop", n.stop());
        line("notify_deleted", n.deleted());
        line("notify", n.any());
        line("notify_master_rx_lower_pri", n.masterRxLowerPri());
    }

    private void addressBlock(String keyword, List<VirtualAddress> addresses) {
        lineBlock(keyword, addresses.stream().map(ConfigLines::address).toList());
    }

    private void routeBlock(String keyword, List<IpRoute> routes) {
        lineBlock(keyword, routes.stream().map(ConfigLines::route).toList());
    }

    private void ruleBlock(String keyword, List<IpRule> rules) {
        lineBlock(keyword, rules.stream().map(ConfigLines::rule).toList());
    }

    private void lineBlock(String keyword, List<String> lines) {
        if (!lines.isEmpty()) {
            open(keyword);
            lines.forEach(this::raw);
            close();
        }
    }

    private void group(VirtualServerGroup g) {
        open("virtual_server_group", g.name());
        for (VirtualServerGroup.Entry e : g.entries()) {
            if (e.isFwmark()) {
                raw("fwmark " + Integer.toUnsignedString(e.fwmark()));
                continue;
            }
            String a = IpAddresses.format(e.address());
            if (e.rangeEnd() >= 0) {
                a += "-"
                        + (e.address().getAddress().length == 4
                                ? String.valueOf(e.rangeEnd())
                                : Integer.toHexString(e.rangeEnd()));
            }
            raw(a + (e.port() == 0 ? "" : " " + e.port()));
        }
        close();
    }

    private void virtualServer(VirtualServer vs) {
        String head;
        if (vs.target() instanceof VsTarget.Address a) {
            head = IpAddresses.format(a.endpoint().address()) + " "
                    + a.endpoint().port();
        } else if (vs.target() instanceof VsTarget.Fwmark f) {
            head = "fwmark " + Integer.toUnsignedString(f.mark());
        } else {
            head = "group " + ConfigLines.quote(((VsTarget.Group) vs.target()).name());
        }
        open("virtual_server " + head);
        if (!(vs.target() instanceof VsTarget.Address) && vs.family() != null) {
            line("ip_family", vs.family().keyword());
        }
        line("protocol", vs.protocol().name());
        line("lvs_sched", vs.scheduler());
        vs.schedulerFlags().forEach(f -> flag(f, true));
        spaced("lvs_method", vs.method() == null ? null : vs.method().toString());
        line(
                "persistence_timeout",
                vs.persistenceTimeout() == null
                        ? null
                        : String.valueOf(vs.persistenceTimeout().toSeconds()));
        line("persistence_granularity", vs.persistenceGranularity());
        line("persistence_engine", vs.persistenceEngine());
        flag("ha_suspend", vs.haSuspend());
        line("virtualhost", vs.virtualhost());
        flag("alpha", vs.alpha());
        flag("omega", vs.omega());
        line("quorum", String.valueOf(vs.quorum()));
        line("hysteresis", String.valueOf(vs.hysteresis()));
        line("quorum_up", vs.quorumUp());
        line("quorum_down", vs.quorumDown());
        flag("inhibit_on_failure", vs.inhibitOnFailure());
        if (vs.sorryServer() != null) {
            spaced(
                    "sorry_server",
                    IpAddresses.format(vs.sorryServer().endpoint().address()) + " "
                            + vs.sorryServer().endpoint().port());
            spaced(
                    "sorry_server_lvs_method",
                    vs.sorryServer().method() == null
                            ? null
                            : vs.sorryServer().method().toString());
            flag("sorry_server_inhibit", vs.sorryServer().inhibit());
        }
        alert("smtp_alert", vs.smtpAlert());
        timing(vs.timing());
        settings(vs.settings());
        vs.realServers().values().forEach(this::realServer);
        close();
    }

    private void realServer(RealServer rs) {
        open("real_server " + IpAddresses.format(rs.endpoint().address()) + " "
                + rs.endpoint().port());
        line("weight", String.valueOf(rs.weight()));
        spaced("lvs_method", rs.method() == null ? null : rs.method().toString());
        line("uthreshold", rs.upperThreshold() == 0 ? null : String.valueOf(rs.upperThreshold()));
        line("lthreshold", rs.lowerThreshold() == 0 ? null : String.valueOf(rs.lowerThreshold()));
        flag("inhibit_on_failure", rs.inhibitOnFailure());
        line("notify_up", rs.notifyUp());
        line("notify_down", rs.notifyDown());
        flag("alpha", rs.alpha());
        timing(rs.timing());
        alert("smtp_alert", rs.smtpAlert());
        line("virtualhost", rs.virtualhost());
        settings(rs.settings());
        rs.checkers().stream().map(CheckerBlock::block).forEach(this::node);
        close();
    }

    private void timing(CheckTiming t) {
        line("retry", t.retry() == null ? null : String.valueOf(t.retry()));
        line("delay_before_retry", seconds(t.delayBeforeRetry()));
        line("warmup", seconds(t.warmup()));
        line("connect_timeout", seconds(t.connectTimeout()));
        line("delay_loop", seconds(t.delayLoop()));
    }

    /** A source sub-tree as written (checker blocks). */
    private void node(ConfigNode n) {
        String text = ConfigLines.quote(n.name())
                + n.args().stream()
                        .map(Token::text)
                        .map(ConfigLines::quote)
                        .map(w -> " " + w)
                        .reduce("", String::concat);
        if (!n.hasBlock()) {
            raw(text);
            return;
        }
        open(text);
        n.children().forEach(this::node);
        close();
    }

    // ---- output primitives ----

    private void settings(Settings s) {
        for (Map.Entry<String, String> e : s.asMap().entrySet()) {
            String value = e.getValue();
            if (value.endsWith("\n}")) {
                // a block kept verbatim: its lines are already words, one per line
                int brace = value.indexOf("{\n");
                String head = value.substring(0, brace).strip();
                open(e.getKey() + (head.isEmpty() ? "" : " " + head));
                for (String l : value.substring(brace + 2, value.length() - 2).split("\n")) {
                    raw(l);
                }
                close();
            } else {
                spaced(e.getKey(), value);
            }
        }
    }

    private void open(String keyword, String name) {
        raw(keyword + " " + ConfigLines.quote(name) + " {");
        depth++;
    }

    private void open(String head) {
        raw(head + " {");
        depth++;
    }

    private void close() {
        depth--;
        raw("}");
    }

    private void nameBlock(String keyword, List<String> names) {
        open(keyword);
        names.forEach(n -> raw(ConfigLines.quote(n)));
        close();
    }

    private void line(String keyword, String value) {
        if (value != null) {
            raw(keyword + (value.isEmpty() ? "" : " " + ConfigLines.quote(value)));
        }
    }

    /** A value made of several words: each quoted on its own. */
    private void spaced(String keyword, String value) {
        if (value != null) {
            raw(keyword + (value.isEmpty() ? "" : " " + joinQuoted(List.of(value.split(" ")))));
        }
    }

    private void words(String keyword, List<String> values) {
        raw(keyword + " " + joinQuoted(values));
    }

    private void flag(String keyword, boolean on) {
        if (on) {
            raw(keyword);
        }
    }

    /** Unset: nothing, so the defaults still apply after a reload of the dump; off is written out. */
    private void alert(String keyword, SmtpAlert setting) {
        if (setting.isSet()) {
            raw(setting == SmtpAlert.ON ? keyword : keyword + " false");
        }
    }

    private void raw(String text) {
        out.append("    ".repeat(Math.max(depth, 0))).append(text).append('\n');
    }

    private static String joinQuoted(List<String> words) {
        return String.join(" ", words.stream().map(ConfigLines::quote).toList());
    }

    private static List<String> concat(String first, List<String> rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream())
                .toList();
    }

    private static String seconds(Duration d) {
        return d == null ? null : Numbers.seconds(d);
    }

    private static String address(InetAddress a) {
        return a == null ? null : IpAddresses.format(a);
    }
}
