package org.keepalivedj.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.model.GarpGroup;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.InterfaceDelays;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.NetNamespace;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.SslSettings;
import org.keepalivedj.api.model.VirtualAddress;
import org.keepalivedj.api.model.VirtualServer;

/**
 * The block tree of a whole file to a {@link KeepalivedConfig}: root keywords dispatched to the
 * binders, named objects collected (a name used twice is an error). Problems go to the sink; the
 * result is complete even after errors so validation can report more of them.
 */
public final class ConfigBinder {
    private final CheckerRegistry checkers;
    private final IpValues ip;
    private final HostUsers users;

    public ConfigBinder(CheckerRegistry checkers) {
        this(checkers, IpValues.host(), HostUsers.SYSTEM);
    }

    ConfigBinder(CheckerRegistry checkers, IpValues ip, HostUsers users) {
        this.checkers = checkers;
        this.ip = ip;
        this.users = users;
    }

    public KeepalivedConfig bind(List<ConfigNode> roots, Problems problems) {
        BlockReader root = BlockReader.of(roots, KeywordTable.standard().section("root"), problems, k -> false);
        NetNamespace netNamespace = netNamespace(root.node("net_namespace"), problems);
        List<ConfigNode> globals = root.all("global_defs");
        GlobalDefs global =
                GlobalDefsBinder.bind(globals.isEmpty() ? null : globals.get(globals.size() - 1), users, problems);
        VrrpBinder vrrp = new VrrpBinder(problems, global, ip);
        LvsBinder lvs = new LvsBinder(problems, checkers);

        List<VirtualAddress> staticAddresses = new ArrayList<>();
        root.all("static_ipaddress").forEach(b -> staticAddresses.addAll(vrrp.staticAddresses(b)));
        List<IpRoute> staticRoutes = new ArrayList<>();
        root.all("static_routes").forEach(b -> staticRoutes.addAll(vrrp.staticRoutes(b)));
        List<IpRule> staticRules = new ArrayList<>();
        root.all("static_rules").forEach(b -> staticRules.addAll(vrrp.staticRules(b)));
        List<GarpGroup> garpGroups =
                root.all("garp_group").stream().map(vrrp::garpGroup).toList();
        List<ConfigNode> ssl = root.all("SSL");
        SslSettings sslSettings = ssl.isEmpty() ? null : lvs.ssl(ssl.get(ssl.size() - 1));
        Map<String, InterfaceDelays> delays = new LinkedHashMap<>();
        root.lines("interface_up_down_delays")
                .forEach(l -> InterfaceDelaysLine.bind(l, problems).ifPresent(d -> delays.put(d.interfaceName(), d)));

        var trackGroups = named(
                root.all("track_group"), "track_group", vrrp::trackGroup, t -> t.name(), t -> t.origin(), problems);
        var scripts =
                named(root.all("vrrp_script"), "vrrp_script", vrrp::script, s -> s.name(), s -> s.origin(), problems);
        var trackFiles =
                named(root.all("track_file"), "track_file", vrrp::trackFile, s -> s.name(), s -> s.origin(), problems);
        var processes = named(
                root.all("vrrp_track_process"),
                "vrrp_track_process",
                vrrp::trackProcess,
                s -> s.name(),
                s -> s.origin(),
                problems);
        var bfds = named(root.all("bfd_instance"), "bfd_instance", vrrp::bfd, s -> s.name(), s -> s.origin(), problems);
        var syncGroups = named(
                root.all("vrrp_sync_group"),
                "vrrp_sync_group",
                vrrp::syncGroup,
                s -> s.name(),
                s -> s.origin(),
                problems);
        var linkbeat =
                root.lines("linkbeat_interfaces").stream().map(ConfigNode::name).toList();
        var instances = named(
                root.all("vrrp_instance"), "vrrp_instance", vrrp::instance, s -> s.name(), s -> s.origin(), problems);
        var groups = named(
                root.all("virtual_server_group"),
                "virtual_server_group",
                lvs::group,
                s -> s.name(),
                s -> s.origin(),
                problems);
        var servers = named(
                root.all("virtual_server"),
                "virtual_server",
                lvs::virtualServer,
                VirtualServer::key,
                VirtualServer::origin,
                problems);
        return new KeepalivedConfig(
                global,
                root.rest(),
                staticAddresses,
                staticRoutes,
                staticRules,
                trackGroups,
                scripts,
                trackFiles,
                processes,
                bfds,
                syncGroups,
                garpGroups,
                linkbeat,
                delays,
                instances,
                sslSettings,
                groups,
                servers,
                netNamespace);
    }

    /** net_namespace NAME: a file name under /run/netns (ip netns's rule), or an error at the word. */
    private static NetNamespace netNamespace(ConfigNode node, Problems problems) {
        if (node == null) {
            return null;
        }
        String name = node.args().get(0).text();
        if (name.contains("/") || name.equals(".") || name.equals("..") || name.length() > 255) {
            problems.error(
                    node.args().get(0).location(),
                    "net_namespace " + name + ": not a namespace name (a file name under /run/netns, without '/')");
            return null;
        }
        return new NetNamespace(Origin.at(node.location()), name);
    }

    private static <T> Map<String, T> named(
            List<ConfigNode> blocks,
            String kind,
            Function<ConfigNode, T> binder,
            Function<T, String> name,
            Function<T, Origin> origin,
            Problems problems) {
        Map<String, T> out = new LinkedHashMap<>();
        for (ConfigNode block : blocks) {
            T value = binder.apply(block);
            T first = out.putIfAbsent(name.apply(value), value);
            if (first != null) {
                problems.error(
                        block.location(),
                        kind + " " + name.apply(value) + " declared twice (first at "
                                + origin.apply(first).location() + ")");
            }
        }
        return out;
    }
}
