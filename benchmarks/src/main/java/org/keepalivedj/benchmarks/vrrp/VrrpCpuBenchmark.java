package org.keepalivedj.benchmarks.vrrp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keepalivedj.testsupport.KeepalivedPeer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.ProcessTree;
import org.keepalivedj.testsupport.RequiresRootCondition;

/**
 * CPU used by many VRRP instances on one interface (VRIDs 1..N, so at most 255), all MASTER and
 * sending: keepalived 2.2.7 against keepalived-j with the same config, one after the other in the
 * same lab. keepalived-j's engine runs in a JVM of its own with the distribution's JVM settings
 * (bin/setenv: C1 only, serial GC). Prints CPU seconds per wall second (1.0 = one core) over the
 * window, and CPU per advert sent; and, thread by thread, the CPU and the context switches (about
 * the wake-ups) of the window.
 * <p>
 * Run as root: {@code java -cp <benchmarks classpath> org.keepalivedj.benchmarks.vrrp.VrrpCpuBenchmark}
 * (system properties {@code instances}, default 255; {@code advert_int}, default 1, e.g. 0.01 with 20
 * instances; {@code seconds}, measuring window, default 20; {@code node.jvm.extra}, options added to
 * keepalived-j's JVM, e.g. a flight recording).
 */
public final class VrrpCpuBenchmark {

    private VrrpCpuBenchmark() {}

    public static void main(String[] args) throws Exception {
        RequiresRootCondition.missingPrerequisite().ifPresent(reason -> {
            System.err.println("VrrpCpuBenchmark " + reason);
            System.exit(2);
        });
        int n = Math.min(255, Integer.getInteger("instances", 255));
        int seconds = Integer.getInteger("seconds", 20);
        String advertInt = System.getProperty("advert_int", "1");
        double advertsPerSecond = n / Double.parseDouble(advertInt);
        List<String> nodeJvm = new ArrayList<>(List.of(org.keepalivedj.benchmarks.soak.SoakBenchmark.shippedJvmOptions()
                .split("\\s+")));
        String extra = System.getProperty("node.jvm.extra", "").trim();
        if (!extra.isEmpty()) {
            nodeJvm.addAll(List.of(extra.split("\\s+")));
        }
        StringBuilder conf = new StringBuilder("global_defs {\n  vrrp_version 3\n  vrrp_garp_master_delay 0\n}\n");
        for (int i = 1; i <= n; i++) {
            conf.append("vrrp_instance VI_")
                    .append(i)
                    .append(" {\n  state BACKUP\n  interface eth0\n")
                    .append("  virtual_router_id ")
                    .append(i)
                    .append("\n  priority 100\n  advert_int ")
                    .append(advertInt)
                    .append('\n')
                    .append("  virtual_ipaddress {\n    10.77.")
                    .append(i / 250)
                    .append('.')
                    .append(i % 250 + 1)
                    .append("/32 dev eth0\n  }\n}\n");
        }
        Path dir = Files.createTempDirectory("kj-vrrp-cpu");
        Path confFile = dir.resolve("many.conf");
        Files.writeString(confFile, conf);
        List<String> rows = new ArrayList<>();
        try (NetLab lab = NetLab.create()) {
            Netns ns = lab.node("a", "192.0.2.1/24");
            for (boolean ours : new boolean[] {false, true}) {
                // keepalived logging nowhere (no -l -D, -G: no syslog), so its CPU is its VRRP work alone
                KeepalivedPeer keepalived = ours
                        ? null
                        : KeepalivedPeer.start(
                                ns, dir, "keepalived", conf.toString(), KeepalivedPeer.Options.quiet("-G", "--vrrp"));
                Process node = ours ? startNode(ns, nodeJvm, confFile, dir) : null;
                // measured: this process and its descendants (keepalived's parent and VRRP child; the JVM)
                ProcessHandle daemon = ours ? node.toHandle() : keepalived.process();
                // all instances MASTER: every VIP on eth0
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (countVips(ns) < n && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                int vips = countVips(ns);
                Thread.sleep(3000); // let the start-up gratuitous ARP bursts finish before measuring
                java.util.Map<String, long[]> threadsBefore = threads(daemon);
                long before = cpuTicks(daemon);
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long ticks = cpuTicks(daemon) - before;
                double wall = (System.nanoTime() - t0) / 1e9;
                printThreads(ours ? "keepalived-j" : "keepalived", threadsBefore, threads(daemon), wall);
                double cpu = ticks / 100.0 / wall; // USER_HZ is 100 on Linux
                rows.add(String.format(
                        "%-13s %9d %10s %6d %10.4f %11.1f",
                        ours ? "keepalived-j" : "keepalived", n, advertInt, vips, cpu, cpu / advertsPerSecond * 1e6));
                System.out.println(rows.get(rows.size() - 1));
                if (ours) {
                    ProcessTree.stop(node);
                } else {
                    keepalived.stop();
                }
                ns.exec("ip", "addr", "flush", "dev", "eth0", "to", "10.77.0.0/16");
            }
        }
        deleteTree(dir);
        System.out.println();
        System.out.println("CPU of N VRRP masters on one interface (cores busy, 1.0 = one core; us of CPU per advert)");
        System.out.println("keepalived-j JVM: " + String.join(" ", nodeJvm));
        System.out.printf(
                "%-13s %9s %10s %6s %10s %11s%n", "daemon", "instances", "advert_int", "VIPs", "cpu/wall", "us/advert");
        rows.forEach(System.out::println);
    }

    /** keepalived-j's engine on the config, in a JVM of its own with these options, its output dropped. */
    private static Process startNode(Netns ns, List<String> nodeJvm, Path confFile, Path dir) throws Exception {
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(nodeJvm);
        java.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                VrrpNode.class.getName(),
                confFile.toString(),
                dir.resolve("data").toString()));
        Files.createDirectories(dir.resolve("data"));
        return ns.startLogged(Path.of("/dev/null"), java);
    }

    private static int countVips(Netns ns) {
        return (int) ns.exec("ip", "-o", "-4", "addr", "show", "dev", "eth0")
                .stdout()
                .lines()
                .filter(l -> l.contains(" 10.77."))
                .count();
    }

    /** utime + stime of the process and its descendants, in clock ticks. */
    private static long cpuTicks(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        long sum = 0;
        for (ProcessHandle h : all) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (Exception e) {
                // the process ended meanwhile
            }
        }
        return sum;
    }

    /**
     * Each thread of the process and its descendants (key: pid/tid name): {CPU ns (schedstat),
     * context switches (voluntary + involuntary, so about its wake-ups)}.
     */
    private static java.util.Map<String, long[]> threads(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        java.util.Map<String, long[]> byThread = new java.util.TreeMap<>();
        for (ProcessHandle h : all) {
            Path tasks = Path.of("/proc", Long.toString(h.pid()), "task");
            try (var ids = Files.list(tasks)) {
                for (Path t : ids.toList()) {
                    try {
                        String name = Files.readString(t.resolve("comm")).strip();
                        long ns = Long.parseLong(
                                Files.readString(t.resolve("schedstat")).split(" ")[0]);
                        long switches = Files.readAllLines(t.resolve("status")).stream()
                                .filter(l -> l.contains("ctxt_switches"))
                                .mapToLong(l -> Long.parseLong(
                                        l.substring(l.indexOf(':') + 1).strip()))
                                .sum();
                        byThread.put(h.pid() + "/" + t.getFileName() + " " + name, new long[] {ns, switches});
                    } catch (Exception e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (Exception e) {
                // the process ended meanwhile
            }
        }
        return byThread;
    }

    /** Where the CPU of the window went, thread by thread (threads using any), and how often each was switched in. */
    private static void printThreads(
            String daemon, java.util.Map<String, long[]> before, java.util.Map<String, long[]> after, double wall) {
        System.out.printf("%s threads over %.1f s: CPU ms, switches/s%n", daemon, wall);
        after.forEach((thread, a) -> {
            long[] b = before.getOrDefault(thread, new long[2]);
            long ns = a[0] - b[0];
            long switches = a[1] - b[1];
            if (ns > 0 || switches > 0) {
                System.out.printf("  %-40s %9.1f %9.1f%n", thread, ns / 1e6, switches / wall);
            }
        });
    }

    /** Removes the run's configs, logs and state. */
    static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
