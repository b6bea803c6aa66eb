package org.keepalivedj.management.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;

/**
 * The running state as JSON, shaped like keepalived's JSON dump (an array of instances, each with
 * "data" and "stats", keepalived's field names and numeric states) so tools that read keepalived's
 * file read this too; virtual servers follow under their own key. No secrets: authentication
 * passwords are never part of the views.
 */
final class KeepalivedJson {
    private KeepalivedJson() {
    }

    static String dump(VrrpRuntime vrrp, LvsRuntime lvs) {
        StringBuilder out = new StringBuilder("{\"vrrp\":[");
        if (vrrp != null) {
            List<VrrpInstanceView> instances = vrrp.instances();
            for (int i = 0; i < instances.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                instance(out, instances.get(i));
            }
        }
        out.append("],\"virtual_servers\":[");
        if (lvs != null) {
            List<VirtualServerView> servers = lvs.virtualServers();
            for (int i = 0; i < servers.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                virtualServer(out, servers.get(i));
            }
        }
        out.append("],\"data_plane\":").append(string(lvs == null ? "none" : lvs.planeName())).append('}');
        return out.toString();
    }

    /** keepalived's numbers: 0 init, 1 backup, 2 master, 3 fault (stop is shown as init). */
    static int keepalivedState(InstanceState s) {
        return switch (s) {
            case BACKUP -> 1;
            case MASTER -> 2;
            case FAULT -> 3;
            case INIT, STOP -> 0;
        };
    }

    private static void instance(StringBuilder out, VrrpInstanceView v) {
        Map<String, Long> c = v.counters();
        out.append("{\"data\":{");
        field(out, "iname", string(v.name())).append(',');
        field(out, "ifp_ifname", string(v.interfaceName())).append(',');
        field(out, "vrid", Integer.toString(v.virtualRouterId())).append(',');
        field(out, "version", Integer.toString(v.version())).append(',');
        field(out, "state", Integer.toString(keepalivedState(v.state()))).append(',');
        field(out, "wantstate", Integer.toString(keepalivedState(v.wantedState()))).append(',');
        field(out, "base_priority", Integer.toString(v.basePriority())).append(',');
        field(out, "effective_priority", Integer.toString(v.effectivePriority())).append(',');
        field(out, "adver_int", Long.toString(v.advertInterval().toMillis() * 1000)).append(',');
        field(out, "master_saddr", string(v.masterAddress() == null ? "" : v.masterAddress().getHostAddress())).append(',');
        field(out, "master_priority", Integer.toString(v.masterPriority())).append(',');
        field(out, "last_transition", seconds(v.lastTransition())).append(',');
        out.append("\"vips\":[");
        List<String> vips = v.virtualAddresses();
        for (int i = 0; i < vips.size(); i++) {
            out.append(i > 0 ? "," : "").append(string(vips.get(i)));
        }
        out.append("]},\"stats\":{");
        field(out, "advert_rcvd", count(c, "advertisementsReceived")).append(',');
        field(out, "advert_sent", count(c, "advertisementsSent")).append(',');
        field(out, "become_master", count(c, "masterTransitions")).append(',');
        field(out, "packet_len_err", count(c, "packetLengthErrors")).append(',');
        field(out, "advert_interval_err", count(c, "advertIntervalErrors")).append(',');
        field(out, "ip_ttl_err", count(c, "ipTtlErrors")).append(',');
        field(out, "invalid_type_rcvd", count(c, "invalidTypeReceived")).append(',');
        field(out, "addr_list_err", count(c, "addressListErrors")).append(',');
        field(out, "invalid_authtype", count(c, "invalidAuthType")).append(',');
        field(out, "authtype_mismatch", count(c, "authTypeMismatch")).append(',');
        field(out, "auth_failure", count(c, "authFailures")).append(',');
        field(out, "pri_zero_rcvd", count(c, "priorityZeroReceived")).append(',');
        field(out, "pri_zero_sent", count(c, "priorityZeroSent"));
        out.append("}}");
    }

    private static void virtualServer(StringBuilder out, VirtualServerView vs) {
        out.append('{');
        field(out, "key", string(vs.key())).append(',');
        field(out, "quorum", Integer.toString(vs.quorum())).append(',');
        field(out, "quorum_up", Boolean.toString(vs.quorumUp())).append(',');
        field(out, "alive_weight", Integer.toString(vs.aliveWeight())).append(',');
        field(out, "sorry_server_active", Boolean.toString(vs.sorryServerActive())).append(',');
        out.append("\"real_servers\":[");
        List<RealServerView> rss = vs.realServers();
        for (int i = 0; i < rss.size(); i++) {
            RealServerView rs = rss.get(i);
            out.append(i > 0 ? "," : "").append('{');
            field(out, "key", string(rs.key())).append(',');
            field(out, "up", Boolean.toString(rs.up())).append(',');
            field(out, "weight", Integer.toString(rs.weight())).append(',');
            field(out, "effective_weight", Integer.toString(rs.effectiveWeight())).append(',');
            field(out, "admin_state", string(rs.adminState().name())).append(',');
            out.append("\"checkers\":[");
            List<CheckerStatus> checkers = rs.checkers();
            for (int j = 0; j < checkers.size(); j++) {
                CheckerStatus ch = checkers.get(j);
                out.append(j > 0 ? "," : "").append('{');
                field(out, "kind", string(ch.kind())).append(',');
                field(out, "up", Boolean.toString(ch.up())).append(',');
                field(out, "last", string(ch.lastDetail())).append(',');
                field(out, "failures", Long.toString(ch.failures()));
                out.append('}');
            }
            out.append("]}");
        }
        out.append("]}");
    }

    private static StringBuilder field(StringBuilder out, String name, String jsonValue) {
        return out.append('"').append(name).append("\":").append(jsonValue);
    }

    private static String count(Map<String, Long> counters, String name) {
        return Long.toString(counters.getOrDefault(name, 0L));
    }

    private static String seconds(Instant t) {
        return t == null ? "0" : Long.toString(t.getEpochSecond());
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
