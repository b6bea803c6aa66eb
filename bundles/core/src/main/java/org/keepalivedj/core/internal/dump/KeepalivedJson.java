package org.keepalivedj.core.internal.dump;

import java.util.List;
import java.util.Map;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.daemon.ReloadPreview;
import org.keepalivedj.api.json.JsonWriter;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.vrrp.VrrpInstanceView;

/**
 * The running state as JSON. {@link #vrrp} is keepalived's JSON file: an array with one object per
 * instance, each with "data" and "stats", keepalived's field names and numeric states. {@link #full}
 * adds the virtual servers and the data plane for the Daemon MBean. No secrets: authentication
 * passwords are never part of the views.
 */
public final class KeepalivedJson {
    private KeepalivedJson() {}

    /** keepalived's JSON dump file. */
    public static String vrrp(List<VrrpInstanceView> instances, StatsBaseline stats) {
        StringBuilder out = new StringBuilder();
        vrrpArray(out, instances, stats);
        return out.toString();
    }

    /** {@code {"vrrp":[...],"virtual_servers":[...],"data_plane":"..."}}. */
    public static String full(List<VrrpInstanceView> instances, StatsBaseline stats, LvsRuntime lvs) {
        StringBuilder out = new StringBuilder("{\"vrrp\":");
        vrrpArray(out, instances, stats);
        out.append(",\"virtual_servers\":[");
        if (lvs != null) {
            List<VirtualServerView> servers = lvs.virtualServers();
            for (int i = 0; i < servers.size(); i++) {
                out.append(i > 0 ? "," : "");
                virtualServer(out, servers.get(i));
            }
        }
        out.append("],\"data_plane\":")
                .append(JsonWriter.string(lvs == null ? "none" : lvs.planeName()))
                .append('}');
        return out.toString();
    }

    /**
     * A reload preview: {@code {"file":..,"outcome":"OK","errors":[..],"warnings":[..],"changes":[{"section":
     * "vrrp_instance","action":"change","object":"VI_1","keyword":"priority","before":"100","after":"150"}]}};
     * absent values are null.
     */
    public static String preview(ReloadPreview preview) {
        LoadResult load = preview.load();
        StringBuilder out = new StringBuilder("{");
        field(out, "file", JsonWriter.string(String.valueOf(load.file()))).append(',');
        field(out, "outcome", JsonWriter.string(load.outcome().name())).append(',');
        field(out, "errors", strings(load.errors())).append(',');
        field(out, "warnings", strings(load.warnings())).append(',');
        out.append("\"changes\":[");
        List<ReloadPlan.Change> changes = preview.plan().changes();
        for (int i = 0; i < changes.size(); i++) {
            ReloadPlan.Change c = changes.get(i);
            out.append(i > 0 ? ",{" : "{");
            field(out, "section", JsonWriter.string(c.section().keyword())).append(',');
            field(out, "action", JsonWriter.string(c.action().name().toLowerCase()))
                    .append(',');
            field(out, "object", JsonWriter.string(c.object())).append(',');
            field(out, "keyword", nullable(c.keyword())).append(',');
            field(out, "before", nullable(c.before())).append(',');
            field(out, "after", nullable(c.after())).append('}');
        }
        return out.append("]}").toString();
    }

    private static String strings(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            out.append(i > 0 ? "," : "").append(JsonWriter.string(values.get(i)));
        }
        return out.append(']').toString();
    }

    private static String nullable(String s) {
        return s == null ? "null" : JsonWriter.string(s);
    }

    private static void vrrpArray(StringBuilder out, List<VrrpInstanceView> instances, StatsBaseline stats) {
        out.append('[');
        for (int i = 0; i < instances.size(); i++) {
            out.append(i > 0 ? "," : "");
            instance(out, instances.get(i), stats.counters(instances.get(i)));
        }
        out.append(']');
    }

    private static void instance(StringBuilder out, VrrpInstanceView v, Map<String, Long> c) {
        out.append("{\"data\":{");
        field(out, "iname", JsonWriter.string(v.name())).append(',');
        field(out, "ifp_ifname", JsonWriter.string(v.interfaceName())).append(',');
        field(out, "master_priority", Integer.toString(Math.max(0, v.masterPriority())))
                .append(',');
        field(
                        out,
                        "master_saddr",
                        JsonWriter.string(v.masterAddress() == null ? "" : IpAddresses.format(v.masterAddress())))
                .append(',');
        field(out, "last_transition", VrrpStates.epochMicros(v.lastTransition()))
                .append(',');
        field(out, "vrid", Integer.toString(v.virtualRouterId())).append(',');
        field(out, "base_priority", Integer.toString(v.basePriority())).append(',');
        field(out, "effective_priority", Integer.toString(v.effectivePriority()))
                .append(',');
        field(out, "vipset", Boolean.toString(v.state() == org.keepalivedj.api.vrrp.InstanceState.MASTER))
                .append(',');
        field(out, "adver_int", VrrpStates.seconds(v.advertInterval())).append(',');
        field(out, "state", Integer.toString(VrrpStates.number(v.state()))).append(',');
        field(out, "wantstate", Integer.toString(VrrpStates.number(v.wantedState())))
                .append(',');
        field(out, "version", Integer.toString(v.version())).append(',');
        out.append("\"vips\":[");
        List<String> vips = v.virtualAddresses();
        for (int i = 0; i < vips.size(); i++) {
            out.append(i > 0 ? "," : "").append(JsonWriter.string(vips.get(i)));
        }
        out.append("]},\"stats\":{");
        field(out, "advert_rcvd", count(c, "advertisementsReceived")).append(',');
        field(out, "advert_sent", count(c, "advertisementsSent")).append(',');
        field(out, "become_master", count(c, "masterTransitions")).append(',');
        field(out, "release_master", count(c, "masterReleases")).append(',');
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
        field(out, "key", JsonWriter.string(vs.key())).append(',');
        field(out, "quorum", Integer.toString(vs.quorum())).append(',');
        field(out, "quorum_up", Boolean.toString(vs.quorumUp())).append(',');
        field(out, "alive_weight", Integer.toString(vs.aliveWeight())).append(',');
        field(out, "sorry_server_active", Boolean.toString(vs.sorryServerActive()))
                .append(',');
        out.append("\"real_servers\":[");
        List<RealServerView> rss = vs.realServers();
        for (int i = 0; i < rss.size(); i++) {
            RealServerView rs = rss.get(i);
            out.append(i > 0 ? "," : "").append('{');
            field(out, "key", JsonWriter.string(rs.key())).append(',');
            field(out, "up", Boolean.toString(rs.up())).append(',');
            field(out, "weight", Integer.toString(rs.weight())).append(',');
            field(out, "effective_weight", Integer.toString(rs.effectiveWeight()))
                    .append(',');
            field(out, "admin_state", JsonWriter.string(rs.adminState().name())).append(',');
            out.append("\"checkers\":[");
            List<CheckerStatus> checkers = rs.checkers();
            for (int j = 0; j < checkers.size(); j++) {
                CheckerStatus ch = checkers.get(j);
                out.append(j > 0 ? "," : "").append('{');
                field(out, "kind", JsonWriter.string(ch.kind())).append(',');
                field(out, "up", Boolean.toString(ch.up())).append(',');
                field(out, "last", JsonWriter.string(ch.lastDetail())).append(',');
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

    static String count(Map<String, Long> counters, String name) {
        return Long.toString(counters.getOrDefault(name, 0L));
    }
}
