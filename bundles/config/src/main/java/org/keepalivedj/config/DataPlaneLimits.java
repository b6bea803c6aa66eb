package org.keepalivedj.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;

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

    /** Adds an error for each option of these roots that this plane cannot carry out. */
    static void check(List<ConfigNode> roots, String plane, Problems problems) {
        if (!NFT.equals(plane)) {
            return;
        }
        for (ConfigNode root : roots) {
            switch (root.name()) {
                case "global_defs" -> {
                    root.children().stream()
                            .filter(n -> n.name().equals("lvs_sync_daemon")
                                    || n.name().equals("lvs_timeouts"))
                            .forEach(n -> refuse(problems, n, "has no IPVS " + n.name()));
                }
                case "virtual_server" -> virtualServer(root, problems);
                default -> {}
            }
        }
    }

    private static void virtualServer(ConfigNode vs, Problems problems) {
        boolean udp = vs.child("protocol")
                .flatMap(p -> p.arg(0))
                .map(p -> p.equalsIgnoreCase("UDP"))
                .orElse(false);
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
                case "ops" -> {
                    // IPVS applies ops to UDP only: elsewhere it means nothing on either plane
                    if (set(n) && udp) {
                        refuse(problems, n, "does not schedule UDP datagrams one at a time (ops)");
                    }
                }
                case "persistence_engine" -> refuse(problems, n, "has no persistence engine (" + n.argsText() + ")");
                case "real_server" -> realServer(n, problems);
                default -> {}
            }
        }
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
