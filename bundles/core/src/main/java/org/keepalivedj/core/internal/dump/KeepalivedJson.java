package org.keepalivedj.core.internal.dump;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
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
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;

/**
 * The running state as JSON, written by {@link JsonWriter}. {@link #vrrp} is keepalived's JSON
 * file: an array with one object per instance, each with "data" and "stats", keepalived's field
 * names and numeric states. {@link #full} adds the virtual servers and the data plane for the
 * Daemon MBean. No secrets: authentication passwords are never part of the views.
 */
public final class KeepalivedJson {
    private KeepalivedJson() {}

    /** keepalived's JSON dump file. */
    public static String vrrp(List<VrrpInstanceView> instances, StatsBaseline stats) {
        return JsonWriter.write(vrrpArray(instances, stats));
    }

    /** {@code {"vrrp":[...],"virtual_servers":[...],"data_plane":"..."}}. */
    public static String full(List<VrrpInstanceView> instances, StatsBaseline stats, LvsRuntime lvs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vrrp", vrrpArray(instances, stats));
        out.put(
                "virtual_servers",
                lvs == null
                        ? List.of()
                        : lvs.virtualServers().stream()
                                .map(KeepalivedJson::virtualServer)
                                .toList());
        out.put("data_plane", lvs == null ? "none" : lvs.planeName());
        return JsonWriter.write(out);
    }

    /**
     * A reload preview: {@code {"file":..,"outcome":"OK","errors":[..],"warnings":[..],"changes":[{"section":
     * "vrrp_instance","action":"change","object":"VI_1","keyword":"priority","before":"100","after":"150"}]}};
     * absent values are null.
     */
    public static String preview(ReloadPreview preview) {
        LoadResult load = preview.load();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", String.valueOf(load.file()));
        out.put("outcome", load.outcome().name());
        out.put("errors", load.errors());
        out.put("warnings", load.warnings());
        out.put(
                "changes",
                preview.plan().changes().stream().map(KeepalivedJson::change).toList());
        return JsonWriter.write(out);
    }

    private static Map<String, Object> change(ReloadPlan.Change c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("section", c.section().keyword());
        out.put("action", c.action().name().toLowerCase());
        out.put("object", c.object());
        out.put("keyword", c.keyword());
        out.put("before", c.before());
        out.put("after", c.after());
        return out;
    }

    private static List<Object> vrrpArray(List<VrrpInstanceView> instances, StatsBaseline stats) {
        return instances.stream()
                .map(v -> (Object) instance(v, stats.counters(v)))
                .toList();
    }

    private static Map<String, Object> instance(VrrpInstanceView v, Map<String, Long> c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("iname", v.name());
        data.put("ifp_ifname", v.interfaceName());
        data.put("master_priority", Math.max(0, v.masterPriority()));
        data.put("master_saddr", v.masterAddress() == null ? "" : IpAddresses.format(v.masterAddress()));
        data.put("last_transition", new BigDecimal(VrrpStates.epochMicros(v.lastTransition())));
        data.put("vrid", v.virtualRouterId());
        data.put("base_priority", v.basePriority());
        data.put("effective_priority", v.effectivePriority());
        data.put("vipset", v.state() == InstanceState.MASTER);
        data.put("adver_int", new BigDecimal(VrrpStates.seconds(v.advertInterval())));
        data.put("state", VrrpStates.number(v.state()));
        data.put("wantstate", VrrpStates.number(v.wantedState()));
        data.put("version", v.version());
        data.put("vips", v.virtualAddresses());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("advert_rcvd", count(c, "advertisementsReceived"));
        stats.put("advert_sent", count(c, "advertisementsSent"));
        stats.put("become_master", count(c, "masterTransitions"));
        stats.put("release_master", count(c, "masterReleases"));
        stats.put("packet_len_err", count(c, "packetLengthErrors"));
        stats.put("advert_interval_err", count(c, "advertIntervalErrors"));
        stats.put("ip_ttl_err", count(c, "ipTtlErrors"));
        stats.put("invalid_type_rcvd", count(c, "invalidTypeReceived"));
        stats.put("addr_list_err", count(c, "addressListErrors"));
        stats.put("invalid_authtype", count(c, "invalidAuthType"));
        stats.put("authtype_mismatch", count(c, "authTypeMismatch"));
        stats.put("auth_failure", count(c, "authFailures"));
        stats.put("pri_zero_rcvd", count(c, "priorityZeroReceived"));
        stats.put("pri_zero_sent", count(c, "priorityZeroSent"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data);
        out.put("stats", stats);
        return out;
    }

    private static Map<String, Object> virtualServer(VirtualServerView vs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", vs.key());
        out.put("quorum", vs.quorum());
        out.put("quorum_up", vs.quorumUp());
        out.put("alive_weight", vs.aliveWeight());
        out.put("sorry_server_active", vs.sorryServerActive());
        out.put(
                "real_servers",
                vs.realServers().stream().map(KeepalivedJson::realServer).toList());
        return out;
    }

    private static Map<String, Object> realServer(RealServerView rs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", rs.key());
        out.put("up", rs.up());
        out.put("weight", rs.weight());
        out.put("effective_weight", rs.effectiveWeight());
        out.put("admin_state", rs.adminState().name());
        out.put("checkers", rs.checkers().stream().map(KeepalivedJson::checker).toList());
        return out;
    }

    private static Map<String, Object> checker(CheckerStatus ch) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", ch.kind());
        out.put("up", ch.up());
        out.put("last", ch.lastDetail());
        out.put("failures", ch.failures());
        return out;
    }

    static long count(Map<String, Long> counters, String name) {
        return counters.getOrDefault(name, 0L);
    }
}
