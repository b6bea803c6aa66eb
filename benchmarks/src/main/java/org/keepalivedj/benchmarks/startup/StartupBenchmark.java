package org.keepalivedj.benchmarks.startup;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.keepalivedj.testsupport.ConnectOnlyServer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;

/**
 * Start-up time and footprint of the keepalived-j distribution, side by side with the Debian
 * keepalived on the same config in the same run (issue 13).
 *
 * <p>Each round, in a fresh lab namespace plugged into lab bridges only: keepalived-j's first start
 * (empty data directory: Karaf resolves and installs its features), its restart (data directory
 * kept, as after a reboot or crash), then keepalived. Two configs: one VRRP instance, and
 * {@code -Dscale} instances with as many real servers under TCP_CHECK. Prints the median and the
 * spread of the rounds.
 *
 * <p>Properties: {@code -Ddist=karaf-assembly/target/assembly}, {@code -Drounds=3},
 * {@code -Dscale=1000}, {@code -Dsettle=10} (seconds before memory is read), {@code -Dtimeout=300}.
 */
public final class StartupBenchmark {

    private StartupBenchmark() {}

    record Scenario(String name, int instances, int realServers) {}

    record Results(List<Launch> first, List<Launch> restart, List<Launch> keepalived) {}

    public static void main(String[] args) throws Exception {
        Distribution dist = Distribution.fromProperty();
        int rounds = Integer.getInteger("rounds", 3);
        int scale = Integer.getInteger("scale", 1000);
        Duration settle = Duration.ofSeconds(Integer.getInteger("settle", 10));
        Duration timeout = Duration.ofSeconds(Integer.getInteger("timeout", 300));
        KeepalivedJStart ours = new KeepalivedJStart(dist, timeout, settle);
        KeepalivedStart theirs = new KeepalivedStart(timeout, settle);

        // -Dscale=0: the one-instance config only.
        List<Scenario> scenarios = new ArrayList<>(List.of(new Scenario("1 VRRP instance", 1, 0)));
        if (scale > 0) {
            scenarios.add(new Scenario(
                    String.format(Locale.ROOT, "%,d VRRP instances + %,d real servers (TCP_CHECK)", scale, scale),
                    scale,
                    scale));
        }
        List<String> table = new ArrayList<>();
        for (Scenario s : scenarios) {
            Results r = new Results(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int round = 1; round <= rounds; round++) {
                Path dir = Files.createTempDirectory("startup-bench");
                try {
                    Path conf = dir.resolve("keepalived.conf");
                    Files.writeString(conf, StartupConfigs.config(s.instances(), s.realServers()));
                    try (NetLab lab = NetLab.create();
                            ServerSocket servers = lab(lab, s, "kj")) {
                        Netns ns = lab.get("kj");
                        r.first().add(ours.run(ns, conf, dir.resolve("data"), s.instances()));
                        System.err.println(s.name() + " round " + round + " first start: "
                                + r.first().get(round - 1));
                        r.restart().add(ours.run(ns, conf, dir.resolve("data"), s.instances()));
                        System.err.println(s.name() + " round " + round + " restart: "
                                + r.restart().get(round - 1));
                    }
                    try (NetLab lab = NetLab.create();
                            ServerSocket servers = lab(lab, s, "ka")) {
                        // keepalived's checker process exits when the kernel has no IPVS: then only its VRRP part runs.
                        boolean vrrpOnly = s.realServers() > 0 && !Files.exists(Path.of("/proc/net/ip_vs"));
                        r.keepalived().add(theirs.run(lab.get("ka"), conf, dir, s.instances(), vrrpOnly));
                        System.err.println(s.name() + " round " + round + " keepalived" + (vrrpOnly ? " -P" : "") + ": "
                                + r.keepalived().get(round - 1));
                    }
                } finally {
                    deleteTree(dir);
                }
            }
            table.addAll(rows(s, r));
        }
        System.out.println();
        System.out.println("Start-up and footprint, median (min-max) of " + rounds
                + " rounds; times from launch, settle "
                + settle.toSeconds() + " s before memory is read; load average " + loadAverage() + "; JVM flags: "
                + (System.getenv("KEEPALIVEDJ_JAVA_OPTS") == null
                        ? "the distribution's (bin/setenv)"
                        : System.getenv("KEEPALIVEDJ_JAVA_OPTS")));
        System.out.println(
                "| config | measure | keepalived-j first start | keepalived-j restart | keepalived 2.2.7 | restart / keepalived |");
        System.out.println("|---|---|---|---|---|---|");
        table.forEach(System.out::println);
        if (!Files.exists(Path.of("/proc/net/ip_vs"))) {
            System.out.println(
                    "(this kernel has no IPVS: keepalived ran with -P, its VRRP part only, for the config with real servers;"
                            + " keepalived-j ran its checks on the nftables data plane)");
        }
    }

    /** The daemon's namespace on the lab bridges (one interface per 250 instances), real servers local to it. */
    private static ServerSocket lab(NetLab lab, Scenario s, String role) throws Exception {
        Netns ns = lab.node(role, StartupConfigs.nodeAddress(0));
        for (int k = 1; k < StartupConfigs.interfaces(s.instances()); k++) {
            lab.attach(ns, "seg" + k, "eth" + k, StartupConfigs.nodeAddress(k));
        }
        if (s.realServers() == 0) {
            return null;
        }
        // Every 10.20.x.y is local to the namespace: one listener answers all real servers' TCP checks.
        ns.execOrThrow("ip", "route", "add", "local", "10.20.0.0/16", "dev", "lo");
        return ConnectOnlyServer.start(ns, 80);
    }

    private static List<String> rows(Scenario s, Results r) {
        List<String> rows = new ArrayList<>();
        rows.add(row(s, "launch to first log line (s)", r, l -> l.firstLogMs() / 1000, "%.2f"));
        rows.add(row(s, "launch to daemon active (s)", r, l -> l.daemonActiveMs() / 1000, "%.2f"));
        rows.add(row(
                s,
                "launch to " + (s.instances() == 1 ? "BACKUP" : "all in BACKUP") + " (s)",
                r,
                l -> l.backupMs() / 1000,
                "%.2f"));
        rows.add(row(s, "launch to Jolokia answering (s)", r, l -> l.jolokiaMs() / 1000, "%.2f"));
        rows.add(row(s, "RSS (MB)", r, Launch::rssMb, "%.0f"));
        rows.add(row(s, "heap used after GC (MB)", r, Launch::heapUsedMb, "%.0f"));
        rows.add(row(s, "heap committed (MB)", r, Launch::heapCommittedMb, "%.0f"));
        rows.add(row(s, "classes loaded", r, Launch::classes, "%.0f"));
        rows.add(row(s, "young GC mean pause during start (ms)", r, Launch::youngPauseMs, "%.1f"));
        rows.add(row(s, "full GCs during start", r, Launch::fullGcs, "%.0f"));
        return rows;
    }

    private static String row(Scenario s, String measure, Results r, ToDoubleFunction<Launch> f, String format) {
        double restart = median(r.restart(), f);
        double keepalived = median(r.keepalived(), f);
        String ratio = Double.isNaN(keepalived) || keepalived == 0
                ? ""
                : String.format(Locale.ROOT, "%.1fx", restart / keepalived);
        return "| " + s.name() + " | " + measure + " | " + cell(r.first(), f, format) + " | "
                + cell(r.restart(), f, format) + " | " + cell(r.keepalived(), f, format) + " | " + ratio + " |";
    }

    private static String cell(List<Launch> launches, ToDoubleFunction<Launch> f, String format) {
        double[] v = launches.stream()
                .mapToDouble(f)
                .filter(d -> !Double.isNaN(d))
                .sorted()
                .toArray();
        if (v.length == 0) {
            return "-";
        }
        String median = String.format(Locale.ROOT, format, median(v));
        return v.length == 1
                ? median
                : median + " (" + String.format(Locale.ROOT, format, v[0]) + "-"
                        + String.format(Locale.ROOT, format, v[v.length - 1]) + ")";
    }

    private static double median(List<Launch> launches, ToDoubleFunction<Launch> f) {
        double[] v = launches.stream()
                .mapToDouble(f)
                .filter(d -> !Double.isNaN(d))
                .sorted()
                .toArray();
        return v.length == 0 ? Double.NaN : median(v);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String loadAverage() {
        try {
            return Arrays.stream(Files.readString(Path.of("/proc/loadavg")).split(" "))
                    .limit(3)
                    .reduce((a, b) -> a + " " + b)
                    .orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
