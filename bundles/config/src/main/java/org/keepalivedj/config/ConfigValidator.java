package org.keepalivedj.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.api.model.CheckerBlock;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.TrackRef;
import org.keepalivedj.api.model.Tracking;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.model.VsTarget;
import org.keepalivedj.config.checkers.BfdCheckSpec;
import org.keepalivedj.config.checkers.FileCheckSpec;

/**
 * Checks across objects, after binding: every name refers to something declared, no two instances
 * share a VRID on one interface and family, an instance is in at most one sync group.
 */
final class ConfigValidator {
    private final KeepalivedConfig config;
    private final Problems problems;
    /** Where each group member name was written, by {@link #memberKey}; the model keeps names only. */
    private final Map<String, Location> members;

    private ConfigValidator(KeepalivedConfig config, Problems problems, Map<String, Location> members) {
        this.config = config;
        this.problems = problems;
        this.members = members;
    }

    static void validate(KeepalivedConfig config, Problems problems) {
        validate(config, List.of(), problems);
    }

    /** As {@link #validate(KeepalivedConfig, Problems)}; problems with group members point at their tokens in roots. */
    static void validate(KeepalivedConfig config, List<ConfigNode> roots, Problems problems) {
        ConfigValidator v = new ConfigValidator(config, problems, memberTokens(roots));
        v.vrids();
        config.vrrpInstances().values().forEach(i -> v.tracking("vrrp_instance " + i.name(), i.tracking()));
        config.vrrpInstances().values().forEach(v::addressTrackGroups);
        config.staticAddresses().forEach(a -> v.trackGroup("static_ipaddress", a.trackGroup(), a.origin()));
        config.staticRoutes().forEach(r -> v.trackGroup("static_routes", r.trackGroup(), r.origin()));
        config.staticRules().forEach(r -> v.trackGroup("static_rules", r.trackGroup(), r.origin()));
        config.staticRoutes()
                .forEach(r -> v.trackedInterface("static_routes", "dev", r.trackGroup(), r.device(), r.origin()));
        config.staticRules()
                .forEach(r -> v.trackedInterface("static_rules", "iif", r.trackGroup(), r.inInterface(), r.origin()));
        v.syncGroups();
        v.trackGroups();
        config.virtualServers().values().forEach(v::virtualServer);
        v.syncDaemonInstance(roots);
    }

    /**
     * lvs_sync_daemon's instance: keepalived takes a name that matches none without a word (and then
     * runs both daemons); that is a typo worth a warning here.
     */
    private void syncDaemonInstance(List<ConfigNode> roots) {
        var daemon = config.globalDefs().lvs().syncDaemon();
        if (daemon == null
                || daemon.instance() == null
                || config.vrrpInstances().containsKey(daemon.instance())) {
            return;
        }
        roots.stream()
                .filter(n -> n.name().equals("global_defs"))
                .flatMap(g -> g.children("lvs_sync_daemon").stream())
                .reduce((a, b) -> b)
                .ifPresent(n -> problems.warning(
                        n.location(),
                        "global_defs: lvs_sync_daemon: no" + " vrrp_instance " + daemon.instance()
                                + " (both sync daemons run, master and backup)"));
    }

    /**
     * keepalived's VRID spaces: per interface and family; multicast instances also per group
     * address; unicast instances (a space of their own) conflict only when they share a source
     * address and a peer.
     */
    private void vrids() {
        Map<String, VrrpInstance> multicast = new HashMap<>();
        List<VrrpInstance> unicast = new java.util.ArrayList<>();
        for (VrrpInstance i : config.vrrpInstances().values()) {
            if (i.virtualRouterId() == 0) {
                continue;
            }
            if (i.unicast()) {
                for (VrrpInstance other : unicast) {
                    if (sameSpace(i, other)
                            && java.util.Objects.equals(i.sourceAddress(), other.sourceAddress())
                            && sharePeer(i, other)) {
                        duplicate(i, other);
                        break;
                    }
                }
                unicast.add(i);
                continue;
            }
            String key = i.interfaceName() + "/" + i.family() + "/" + i.virtualRouterId() + "/"
                    + (i.multicastGroup() == null ? "default" : IpAddresses.format(i.multicastGroup()));
            VrrpInstance first = multicast.putIfAbsent(key, i);
            if (first != null) {
                duplicate(i, first);
            }
        }
    }

    private static boolean sameSpace(VrrpInstance a, VrrpInstance b) {
        return a.virtualRouterId() == b.virtualRouterId()
                && a.family() == b.family()
                && a.interfaceName().equals(b.interfaceName());
    }

    private static boolean sharePeer(VrrpInstance a, VrrpInstance b) {
        return a.unicastPeers().stream()
                .anyMatch(
                        p -> b.unicastPeers().stream().anyMatch(q -> q.address().equals(p.address())));
    }

    private void duplicate(VrrpInstance i, VrrpInstance first) {
        problems.error(
                i.origin().location(),
                "vrrp_instance " + i.name() + ": virtual_router_id "
                        + i.virtualRouterId() + " already used by vrrp_instance " + first.name() + " on "
                        + i.interfaceName() + " (" + Lines.describe(i.family()) + (i.unicast() ? ", unicast" : "")
                        + ")");
    }

    private void tracking(String owner, Tracking t) {
        refs(owner, "track_script", t.scripts(), config.vrrpScripts().keySet(), "vrrp_script");
        refs(owner, "track_file", t.files(), config.trackFiles().keySet(), "track_file");
        refs(owner, "track_process", t.processes(), config.trackProcesses().keySet(), "vrrp_track_process");
        refs(owner, "track_bfd", t.bfds(), config.bfdInstances().keySet(), "bfd_instance");
        for (TrackRef ref : t.bfds()) {
            var b = config.bfdInstances().get(ref.name());
            if (b != null && !b.feedsVrrp()) {
                problems.error(
                        ref.origin().location(),
                        owner + ": track_bfd " + ref.name()
                                + " refers to a bfd_instance that feeds only the checkers (its checker flag)");
            }
        }
    }

    private void refs(String owner, String keyword, List<TrackRef> refs, Set<String> declared, String kind) {
        for (TrackRef ref : refs) {
            if (!declared.contains(ref.name())) {
                problems.error(
                        ref.origin().location(), owner + ": " + keyword + " " + ref.name() + " refers to no " + kind);
            }
        }
    }

    private void addressTrackGroups(VrrpInstance i) {
        i.virtualAddresses().forEach(a -> trackGroup("vrrp_instance " + i.name(), a.trackGroup(), a.origin()));
        i.excludedAddresses().forEach(a -> trackGroup("vrrp_instance " + i.name(), a.trackGroup(), a.origin()));
    }

    /** What a track_group follows is the line's interface, so a line without one cannot have it (as keepalived). */
    private void trackedInterface(String owner, String option, String group, String device, Origin origin) {
        if (group != null && device == null) {
            problems.error(
                    origin.location(),
                    owner + ": track_group " + group + " needs " + option
                            + " (the group's instances follow that interface's state)");
        }
    }

    private void trackGroup(String owner, String group, Origin origin) {
        if (group != null && !config.trackGroups().containsKey(group)) {
            problems.error(origin.location(), owner + ": track_group " + group + " refers to no track_group");
        }
    }

    /** The token of every name in the group { } of each vrrp_sync_group and track_group (the first, if repeated). */
    private static Map<String, Location> memberTokens(List<ConfigNode> roots) {
        Map<String, Location> out = new HashMap<>();
        for (ConfigNode root : roots) {
            if (!(root.name().equals("vrrp_sync_group") || root.name().equals("track_group"))
                    || root.arg(0).isEmpty()) {
                continue;
            }
            for (ConfigNode group : root.children("group")) {
                for (ConfigNode line : group.children()) {
                    List<Token> tokens = new ArrayList<>(line.args().size() + 1);
                    tokens.add(line.keyword());
                    tokens.addAll(line.args());
                    for (Token t : tokens) {
                        out.putIfAbsent(memberKey(root.name(), root.arg(0).get(), t.text()), t.location());
                    }
                }
            }
        }
        return out;
    }

    private static String memberKey(String kind, String group, String member) {
        return kind + " " + group + " " + member;
    }

    /** The member's own token, else the group's first line. */
    private Location member(String kind, String group, String member, Location otherwise) {
        return members.getOrDefault(memberKey(kind, group, member), otherwise);
    }

    private void syncGroups() {
        Map<String, SyncGroup> memberOf = new HashMap<>();
        for (SyncGroup g : config.syncGroups().values()) {
            String owner = "vrrp_sync_group " + g.name();
            tracking(owner, g.tracking());
            for (String member : g.members()) {
                Location at =
                        member("vrrp_sync_group", g.name(), member, g.origin().location());
                if (!config.vrrpInstances().containsKey(member)) {
                    problems.error(at, owner + ": member " + member + " refers to no vrrp_instance");
                    continue;
                }
                SyncGroup other = memberOf.putIfAbsent(member, g);
                if (other != null) {
                    problems.error(
                            at, owner + ": vrrp_instance " + member + " is already in vrrp_sync_group " + other.name());
                }
            }
        }
    }

    private void trackGroups() {
        config.trackGroups()
                .values()
                .forEach(t -> t.instances().forEach(member -> {
                    if (!config.vrrpInstances().containsKey(member)) {
                        problems.error(
                                member(
                                        "track_group",
                                        t.name(),
                                        member,
                                        t.origin().location()),
                                "track_group " + t.name() + ": member " + member + " refers to no vrrp_instance");
                    }
                }));
    }

    private void virtualServer(VirtualServer vs) {
        String owner = "virtual_server " + vs.key();
        if (vs.target() instanceof VsTarget.Group g
                && !g.name().isEmpty()
                && !config.virtualServerGroups().containsKey(g.name())) {
            problems.error(
                    vs.origin().location(), owner + ": group " + g.name() + " refers to no virtual_server_group");
        }
        for (RealServer rs : vs.realServers().values()) {
            for (CheckerBlock c : rs.checkers()) {
                String missing = missingReference(c.spec());
                if (missing != null) {
                    problems.error(c.origin().location(), owner + ": real_server " + rs.key() + ": " + missing);
                }
            }
        }
    }

    /** What a checker names that the config lacks (a track_file, a bfd_instance feeding checkers), or null. */
    private String missingReference(CheckerSpec spec) {
        if (spec instanceof FileCheckSpec f
                && f.trackFile() != null
                && !config.trackFiles().containsKey(f.trackFile())) {
            return "FILE_CHECK track_file " + f.trackFile() + " refers to no track_file";
        }
        if (spec instanceof BfdCheckSpec b && b.name() != null) {
            BfdInstance bfd = config.bfdInstances().get(b.name());
            if (bfd == null) {
                return "BFD_CHECK name " + b.name() + " refers to no bfd_instance";
            }
            if (!bfd.feedsCheckers()) {
                return "BFD_CHECK name " + b.name() + " refers to a bfd_instance that feeds only VRRP (its vrrp flag)";
            }
        }
        return null;
    }
}
