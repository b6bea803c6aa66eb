package org.keepalivedj.api.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one comparison of two models that every subsystem plans a reload with. Each compared record has
 * a table of its values and the keyword each comes from, so a difference is named as keepalived
 * names it ({@code advert_int}, {@code virtual_ipaddress}, {@code weight}). Keywords kept verbatim
 * in {@link Settings} are compared one by one. Names and locations are not compared: the name is the
 * key objects are matched by, and a block that moved is the same block.
 */
public final class ModelDiff {
    private ModelDiff() {}

    /** One compared value of a record: the keyword it is configured with and how to read it. */
    public record Field<T>(String keyword, Function<T, ?> value) {}

    private static <T> Field<T> f(String keyword, Function<T, ?> value) {
        return new Field<>(keyword, value);
    }

    /** A vrrp_instance's values; its name (the key) and origin are not among them. */
    public static final List<Field<VrrpInstance>> VRRP_INSTANCE = List.of(
            f("state", VrrpInstance::initialState),
            f("interface", VrrpInstance::interfaceName),
            f("virtual_router_id", VrrpInstance::virtualRouterId),
            f("priority", VrrpInstance::priority),
            f("advert_int", VrrpInstance::advertInterval),
            f("version", VrrpInstance::version),
            f("family", VrrpInstance::family),
            f("nopreempt", VrrpInstance::nopreempt),
            f("preempt_delay", VrrpInstance::preemptDelay),
            f("accept", VrrpInstance::accept),
            f("mcast_src_ip", VrrpInstance::sourceAddress),
            f("mcast_dst_ip", VrrpInstance::multicastGroup),
            f("unicast_peer", VrrpInstance::unicastPeers),
            f("virtual_ipaddress", VrrpInstance::virtualAddresses),
            f("virtual_ipaddress_excluded", VrrpInstance::excludedAddresses),
            f("virtual_routes", VrrpInstance::virtualRoutes),
            f("virtual_rules", VrrpInstance::virtualRules),
            f("track_interface", i -> tracking(i.tracking()).interfaces()),
            f("track_script", i -> tracking(i.tracking()).scripts()),
            f("track_file", i -> tracking(i.tracking()).files()),
            f("track_process", i -> tracking(i.tracking()).processes()),
            f("track_bfd", i -> tracking(i.tracking()).bfds()),
            f("dont_track_primary", VrrpInstance::dontTrackPrimary),
            f("use_vmac", VrrpInstance::vmac),
            f("authentication", VrrpInstance::authentication),
            f("auth_hmac", VrrpInstance::hmacAuthentication),
            f("notify", VrrpInstance::notifyScripts),
            f("smtp_alert", VrrpInstance::smtpAlert),
            f("garp", VrrpInstance::garp),
            f("down_timer_adverts", i -> i.advertOptions().downTimerAdverts()),
            f("higher_prio_send_advert", i -> i.advertOptions().higherPrioSendAdvert()),
            f("settings", VrrpInstance::settings));

    /** A virtual_server's own values: not its key (target and protocol), origin or real servers. */
    public static final List<Field<VirtualServer>> VIRTUAL_SERVER = List.of(
            f("family", VirtualServer::family),
            f("lb_algo", VirtualServer::scheduler),
            f("lb_flags", VirtualServer::schedulerFlags),
            f("lb_kind", VirtualServer::method),
            f("persistence_timeout", VirtualServer::persistenceTimeout),
            f("persistence_granularity", VirtualServer::persistenceGranularity),
            f("persistence_engine", VirtualServer::persistenceEngine),
            f("ha_suspend", VirtualServer::haSuspend),
            f("virtualhost", VirtualServer::virtualhost),
            f("alpha", VirtualServer::alpha),
            f("omega", VirtualServer::omega),
            f("quorum", VirtualServer::quorum),
            f("hysteresis", VirtualServer::hysteresis),
            f("quorum_up", VirtualServer::quorumUp),
            f("quorum_down", VirtualServer::quorumDown),
            f("inhibit_on_failure", VirtualServer::inhibitOnFailure),
            f("sorry_server", VirtualServer::sorryServer),
            f("smtp_alert", VirtualServer::smtpAlert),
            f("delay_loop", VirtualServer::timing),
            f("settings", VirtualServer::settings));

    /** A real_server's values: not its key (the endpoint) or origin. */
    public static final List<Field<RealServer>> REAL_SERVER = List.of(
            f("weight", RealServer::weight),
            f("lb_kind", RealServer::method),
            f("uthreshold", RealServer::upperThreshold),
            f("lthreshold", RealServer::lowerThreshold),
            f("inhibit_on_failure", RealServer::inhibitOnFailure),
            f("notify_up", RealServer::notifyUp),
            f("notify_down", RealServer::notifyDown),
            f("alpha", RealServer::alpha),
            f("delay_loop", RealServer::timing),
            f("smtp_alert", RealServer::smtpAlert),
            f("virtualhost", RealServer::virtualhost),
            f("settings", RealServer::settings),
            f("checkers", RealServer::checkers));

    /** A vrrp_sync_group's values: not its name or origin. */
    public static final List<Field<SyncGroup>> SYNC_GROUP = List.of(
            f("group", SyncGroup::members),
            f("track", SyncGroup::tracking),
            f("notify", SyncGroup::notifyScripts),
            f("smtp_alert", SyncGroup::smtpAlert),
            f("sync_group_tracking_weight", SyncGroup::trackingWeight),
            f("notify_priority_changes", SyncGroup::notifyPriorityChanges));

    /**
     * The keywords whose values differ, in table order; a {@code settings} difference is named by the
     * keywords inside it that differ.
     */
    public static <T> List<String> changed(List<Field<T>> fields, T before, T after) {
        List<String> out = new ArrayList<>();
        for (Field<T> field : fields) {
            Object was = field.value().apply(before);
            Object now = field.value().apply(after);
            if (Objects.equals(was, now)) {
                continue;
            }
            if (was instanceof Settings a && now instanceof Settings b) {
                out.addAll(changedKeywords(a, b));
            } else {
                out.add(field.keyword());
            }
        }
        return out;
    }

    /** The value of one keyword of the table, for printing a before and after. */
    public static <T> Object value(List<Field<T>> fields, String keyword, T of) {
        return fields.stream()
                .filter(f -> f.keyword().equals(keyword))
                .findFirst()
                .<Object>map(f -> f.value().apply(of))
                .orElseGet(() -> {
                    for (Field<T> f : fields) {
                        if (f.value().apply(of) instanceof Settings s) {
                            return s.get(keyword);
                        }
                    }
                    return null;
                });
    }

    private static List<String> changedKeywords(Settings a, Settings b) {
        TreeSet<String> keys = new TreeSet<>(a.asMap().keySet());
        keys.addAll(b.asMap().keySet());
        keys.removeIf(k -> Objects.equals(a.asMap().get(k), b.asMap().get(k)));
        return List.copyOf(keys);
    }

    /** Named objects matched by key: which are only before, only after, and in both but not equal. */
    public record Keyed(List<String> removed, List<String> added, List<String> changed) {
        public boolean isEmpty() {
            return removed.isEmpty() && added.isEmpty() && changed.isEmpty();
        }
    }

    /** Keys in each map's order: removed in the running order, added and changed in the new order. */
    public static <T> Keyed keyed(Map<String, T> before, Map<String, T> after) {
        List<String> removed =
                before.keySet().stream().filter(k -> !after.containsKey(k)).toList();
        List<String> added =
                after.keySet().stream().filter(k -> !before.containsKey(k)).toList();
        List<String> changed = after.keySet().stream()
                .filter(k -> before.containsKey(k) && !before.get(k).equals(after.get(k)))
                .toList();
        return new Keyed(removed, added, changed);
    }

    /** The elements of a that b does not hold, in a's order. */
    public static <T> List<T> minus(Collection<T> a, Collection<T> b) {
        List<T> out = new ArrayList<>(a);
        out.removeAll(b);
        return out;
    }

    /**
     * A single value as keepalived writes it ({@code 0.1} for 100 ms, an address in RFC 5952 text),
     * or null for values that are not one word (lists, blocks): those are printed by keyword only.
     */
    public static String text(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof java.time.Duration d) {
            return java.math.BigDecimal.valueOf(d.toNanos(), 9)
                    .stripTrailingZeros()
                    .toPlainString();
        }
        if (value instanceof java.net.InetAddress a) {
            return IpAddresses.format(a);
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return null;
    }

    private static Tracking tracking(Tracking t) {
        return t == null ? Tracking.NONE : t;
    }
}
