package org.keepalivedj.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.api.model.VirtualServerGroup;
import org.keepalivedj.api.model.VsTarget;

/**
 * What the nftables data plane cannot do, refused at load so that nothing is applied and {@code -t}
 * says it: each error names the keyword's file:line, the plane and the option. The plane is the one
 * {@code data.plane} in etc/org.keepalivedj.cfg chooses (the daemon passes the plane it runs; the
 * launcher passes the setting, and {@link #resolve} turns {@code auto} into what the daemon would take).
 * Other planes have no limits here: IPVS does everything keepalived does, and with no plane nothing
 * forwards anyway.
 */
public final class DataPlaneLimits {
    public static final String NFT = "nft";

    private static final String PLANE = "the nftables data plane (data.plane in etc/org.keepalivedj.cfg)";
    private static final Set<String> FALSE = Set.of("false", "no", "off", "0");

    private DataPlaneLimits() {}

    /**
     * The plane a {@code data.plane} setting comes to on this host: auto is nft when the kernel shows
     * no IPVS (neither loaded nor a module to load), else ipvs; the other words stay as they are.
     */
    public static String resolve(String setting) {
        String s =
                setting == null || setting.isBlank() ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        if (!s.equals("auto")) {
            return s;
        }
        return kernelHasIpvs() ? "ipvs" : NFT;
    }

    private static boolean kernelHasIpvs() {
        if (Files.exists(Path.of("/proc/net/ip_vs"))) {
            return true;
        }
        String release = System.getProperty("os.version", "");
        Path modules = Path.of("/lib/modules", release);
        try {
            for (String list : List.of("modules.builtin", "modules.dep")) {
                Path f = modules.resolve(list);
                if (Files.isReadable(f) && Files.readAllLines(f).stream().anyMatch(l -> l.contains("/ipvs/ip_vs.ko"))) {
                    return true;
                }
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }

    /** Adds an error for each option of these roots (bound as config) that this plane cannot carry out. */
    static void check(List<ConfigNode> roots, KeepalivedConfig config, String plane, Problems problems) {
        if (!NFT.equals(plane)) {
            return;
        }
        Map<Location, VirtualServer> bound = new HashMap<>();
        config.virtualServers().values().forEach(vs -> bound.put(vs.origin().location(), vs));
        for (ConfigNode root : roots) {
            switch (root.name()) {
                case "global_defs" -> {
                    root.children().stream()
                            .filter(n -> n.name().equals("lvs_sync_daemon")
                                    || n.name().equals("lvs_timeouts"))
                            .forEach(n -> refuse(problems, n, "has no IPVS " + n.name()));
                }
                case "virtual_server" -> {
                    virtualServer(root, problems);
                    VirtualServer vs = bound.get(root.location());
                    if (vs != null) {
                        root.children().stream()
                                .filter(n -> n.name().equals("ops") && set(n))
                                .forEach(n -> onePacket(n, vs, config, problems));
                    }
                }
                default -> {}
            }
        }
    }

    private static void virtualServer(ConfigNode vs, Problems problems) {
        for (ConfigNode n : vs.children()) {
            switch (n.name()) {
                case "lvs_method", "lb_kind", "sorry_server_lvs_method" -> method(n, problems);
                case "flag-1", "flag-2", "flag-3" -> {
                    if (set(n)) {
                        refuse(
                                problems,
                                n,
                                "has no numbered scheduler flags (" + n.name() + "); sh and mh take"
                                        + " sh-port, sh-fallback, mh-port and mh-fallback by name");
                    }
                }
                case "persistence_engine" -> refuse(problems, n, "has no persistence engine (" + n.argsText() + ")");
                case "real_server" -> realServer(n, problems);
                default -> {}
            }
        }
    }

    /**
     * ops: the plane schedules each datagram without conntrack and knows a reply only by its real
     * server's address and port, so those must lead back to exactly one virtual address and port.
     */
    private static void onePacket(ConfigNode ops, VirtualServer vs, KeepalivedConfig config, Problems problems) {
        if (!vs.schedulerFlags().contains("ops")) {
            return; // dropped with a warning when binding: not UDP
        }
        List<VsTarget> services = services(vs, config);
        if (services.stream().anyMatch(t -> t instanceof VsTarget.Fwmark)) {
            refuse(
                    problems,
                    ops,
                    "cannot give the replies of a firewall-mark service their virtual address back, so"
                            + " it does not schedule its datagrams one at a time (ops)");
            return;
        }
        if (vs.protocol() != Protocol.UDP) {
            return; // a group's TCP or SCTP service: ops means nothing there, as in IPVS
        }
        if (services.size() > 1) {
            refuse(
                    problems,
                    ops,
                    "does not schedule datagrams one at a time (ops) for a group of " + services.size()
                            + " virtual addresses and ports: the replies of a real server could not be told apart");
            return;
        }
        if (services.size() == 1
                && ((VsTarget.Address) services.get(0)).endpoint().port() == 0) {
            refuse(
                    problems,
                    ops,
                    "does not schedule datagrams one at a time (ops) for an all-ports service: the"
                            + " replies could not be given their virtual port back");
            return;
        }
        for (Endpoint real : replySources(vs)) {
            for (VirtualServer other : config.virtualServers().values()) {
                if (other == vs || !(other.protocol() == Protocol.UDP || other.target() instanceof VsTarget.Fwmark)) {
                    continue;
                }
                for (Endpoint theirs : replySources(other)) {
                    if (theirs.address().equals(real.address())
                            && (theirs.port() == real.port() || theirs.port() == 0)) {
                        refuse(
                                problems,
                                ops,
                                "tells the replies of one-packet scheduling (ops) apart by real server"
                                        + " address and port only, and real server " + real
                                        + " also serves virtual_server "
                                        + other.target() + " (" + other.origin() + ")");
                        return;
                    }
                }
            }
        }
    }

    /** The service lines a virtual server stands for: its target, or its group's lines. */
    private static List<VsTarget> services(VirtualServer vs, KeepalivedConfig config) {
        if (!(vs.target() instanceof VsTarget.Group g)) {
            return List.of(vs.target());
        }
        VirtualServerGroup group = config.virtualServerGroups().get(g.name());
        if (group == null) {
            return List.of();
        }
        List<VsTarget> out = new ArrayList<>();
        for (VirtualServerGroup.Entry e : group.entries()) {
            if (e.isFwmark()) {
                out.add(new VsTarget.Fwmark(e.fwmark()));
            } else {
                int count = e.rangeEnd() < 0 ? 1 : e.rangeEnd() - lastPart(e) + 1;
                for (int i = 0; i < count; i++) {
                    out.add(new VsTarget.Address(new Endpoint(e.address(), e.port())));
                }
            }
        }
        return out;
    }

    private static int lastPart(VirtualServerGroup.Entry e) {
        byte[] b = e.address().getAddress();
        return b.length == 4 ? b[3] & 0xff : ((b[14] & 0xff) << 8) | (b[15] & 0xff);
    }

    /**
     * Where a virtual server's replies come from: each real server and the sorry server, a missing
     * port being the service's (0, any port, when the service has none: fwmark, group).
     */
    private static List<Endpoint> replySources(VirtualServer vs) {
        int servicePort =
                vs.target() instanceof VsTarget.Address a ? a.endpoint().port() : 0;
        List<Endpoint> out = new ArrayList<>();
        vs.realServers().values().forEach(rs -> out.add(rs.endpoint()));
        if (vs.sorryServer() != null) {
            out.add(vs.sorryServer().endpoint());
        }
        return out.stream()
                .map(e -> e.port() != 0 ? e : new Endpoint(e.address(), servicePort))
                .toList();
    }

    private static void realServer(ConfigNode rs, Problems problems) {
        for (ConfigNode n : rs.children()) {
            switch (n.name()) {
                case "lvs_method", "lb_kind" -> method(n, problems);
                case "uthreshold", "lthreshold" -> {
                    if (n.arg(0).map(v -> !v.equals("0")).orElse(false)) {
                        refuse(problems, n, "cannot count a real server's connections (" + n.name() + ")");
                    }
                }
                default -> {}
            }
        }
    }

    private static void method(ConfigNode n, Problems problems) {
        String kind = n.arg(0).orElse("").toUpperCase(Locale.ROOT);
        if (kind.equals("DR") || kind.equals("TUN")) {
            refuse(problems, n, "forwards by NAT only (" + n.name() + " " + kind + " needs IPVS)");
        }
    }

    private static boolean set(ConfigNode flag) {
        return flag.arg(0).map(v -> !FALSE.contains(v.toLowerCase(Locale.ROOT))).orElse(true);
    }

    private static void refuse(Problems problems, ConfigNode n, String why) {
        Token at = n.keyword();
        problems.error(at.location(), n.name() + ": " + PLANE + " " + why + "; use data.plane = ipvs");
    }
}
