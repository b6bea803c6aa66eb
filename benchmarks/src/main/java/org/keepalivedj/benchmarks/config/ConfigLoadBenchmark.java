package org.keepalivedj.benchmarks.config;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.syntax.ConfigReader;

/**
 * Load (read + bind + validate) of a generated keepalived.conf with 1,000 VRRP instances and
 * 10,000 virtual servers of 10 real servers each (a TCP_CHECK per real server). Target: under 2 s
 * with under 512 MB of heap, so run it with -Xmx512m:
 * <pre>
 * mvn -q -pl benchmarks -am install -DskipTests
 * java -Xmx512m -cp "benchmarks/target/classes:$(mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *     org.keepalivedj.benchmarks.config.ConfigLoadBenchmark [runs] [instances] [virtualServers] [realServersEach]
 * </pre>
 * Prints the median, min and max of the timed runs (after two warm-up runs), the peak heap, and
 * real keepalived's {@code -t} on the same file as the anchor when it is installed.
 */
public final class ConfigLoadBenchmark {
    private ConfigLoadBenchmark() {}

    public static void main(String[] args) throws IOException, ConfigException {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int instances = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int servers = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int reals = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Path file = Files.createTempFile("kj-bench-", ".conf");
        try {
            generate(file, instances, servers, reals);
            long bytes = Files.size(file);
            KeepalivedConfigLoader loader = new KeepalivedConfigLoader(
                    new ConfigReader.Options("bench", name -> null), BuiltinCheckers.registry());
            for (int i = 0; i < 2; i++) {
                check(loader.load(file).config(), instances, servers, reals);
            }
            resetPeaks();
            List<Double> seconds = new ArrayList<>();
            List<Double> cpuSeconds = new ArrayList<>();
            List<Double> readSeconds = new ArrayList<>();
            ConfigReader reader = new ConfigReader(new ConfigReader.Options("bench", name -> null));
            for (int i = 0; i < runs; i++) {
                long cpu = processCpuNanos();
                seconds.add(timeLoad(loader, file, instances, servers, reals));
                cpuSeconds.add((processCpuNanos() - cpu) / 1e9);
                long start = System.nanoTime();
                reader.read(file);
                readSeconds.add((System.nanoTime() - start) / 1e9);
            }
            long peak = peakHeap();
            Collections.sort(seconds);
            List<Double> anchorCpu = new ArrayList<>();
            List<Double> anchor = keepalivedCheck(file, runs, anchorCpu);
            double median = median(seconds);
            System.out.printf(
                    "%-44s %14s %16s %8s%n",
                    "measure (" + runs + " runs, median)", "keepalived-j", "keepalived -t", "ratio");
            System.out.printf(
                    "%-44s %14.3f %16s %8s%n",
                    "read+bind+validate (s)",
                    median,
                    anchor.isEmpty() ? "n/a" : String.format("%.3f", median(anchor)),
                    anchor.isEmpty() ? "" : String.format("%.2f", median / median(anchor)));
            System.out.printf(
                    "%-44s %14.3f %16s %8s%n",
                    "CPU time, all threads incl. GC (s)",
                    median(cpuSeconds),
                    anchorCpu.isEmpty() ? "n/a" : String.format("%.3f", median(anchorCpu)),
                    anchorCpu.isEmpty() ? "" : String.format("%.2f", median(cpuSeconds) / median(anchorCpu)));
            System.out.printf("%-44s %14.3f%n", "  of which read (preprocess + tree) (s)", median(readSeconds));
            System.out.printf(
                    "%-44s %14.3f %16s%n",
                    "min (s)", seconds.get(0), anchor.isEmpty() ? "" : String.format("%.3f", anchor.get(0)));
            System.out.printf(
                    "%-44s %14.3f %16s%n",
                    "max (s)",
                    seconds.get(seconds.size() - 1),
                    anchor.isEmpty() ? "" : String.format("%.3f", anchor.get(anchor.size() - 1)));
            System.out.printf(
                    "%-44s %14.1f%n",
                    "spread (max-min)/median (%)", 100 * (seconds.get(seconds.size() - 1) - seconds.get(0)) / median);
            System.out.printf("%-44s %14d%n", "config size (bytes)", bytes);
            System.out.printf("%-44s %14s%n", "objects", instances + " vrrp, " + servers + "x" + reals + " rs");
            System.out.printf(
                    "%-44s %14d%n", "max heap, -Xmx (MB)", Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("%-44s %14d%n", "peak heap used, sum of pool peaks (MB)", peak >> 20);
            System.out.printf(
                    "%-44s %14.2f%n",
                    "load average (1 min) at the end",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf(
                    "%-44s %14s%n",
                    "target: median < 2 s within 512 MB heap",
                    median < 2.0 && Runtime.getRuntime().maxMemory() <= (512L << 20) ? "MET" : "MISSED");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** One timed load; the result is dropped before the next run so two configs never share the heap. */
    private static double timeLoad(KeepalivedConfigLoader loader, Path file, int instances, int servers, int reals)
            throws ConfigException {
        long start = System.nanoTime();
        KeepalivedConfig c = loader.load(file).config();
        double s = (System.nanoTime() - start) / 1e9;
        check(c, instances, servers, reals);
        return s;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * The anchor: real keepalived's own config test on the same file (wall time of keepalived -t),
     * when /usr/sbin/keepalived is installed. It reports the generated interfaces as missing and
     * exits 5, having parsed everything. Sorted; empty when keepalived is absent.
     */
    static List<Double> keepalivedCheck(Path file, int runs, List<Double> cpuOut) throws IOException {
        Path keepalived = Path.of("/usr/sbin/keepalived");
        Path time = Path.of("/usr/bin/time");
        List<Double> out = new ArrayList<>();
        if (!Files.isExecutable(keepalived)) {
            return out;
        }
        Path cpuFile = Files.createTempFile("kj-bench-cpu-", ".txt");
        try {
            for (int i = 0; i < runs; i++) {
                List<String> command = new ArrayList<>();
                if (Files.isExecutable(time)) {
                    // user+system seconds of keepalived and its config-checking child
                    command.addAll(List.of(time.toString(), "-f", "%U %S", "-o", cpuFile.toString()));
                }
                command.addAll(List.of(keepalived.toString(), "-t", "-f", file.toString()));
                long start = System.nanoTime();
                Process p = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                    return out;
                }
                out.add((System.nanoTime() - start) / 1e9);
                if (Files.isExecutable(time)) {
                    // the last line; a first one may say "Command exited with non-zero status 5"
                    List<String> lines = Files.readAllLines(cpuFile);
                    String[] userSys = lines.get(lines.size() - 1).strip().split("\\s+");
                    cpuOut.add(Double.parseDouble(userSys[0]) + Double.parseDouble(userSys[1]));
                }
            }
        } finally {
            Files.deleteIfExists(cpuFile);
        }
        Collections.sort(out);
        return out;
    }

    /** CPU time of this whole JVM (every thread, GC and JIT included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void check(KeepalivedConfig c, int instances, int servers, int reals) {
        if (c.vrrpInstances().size() != instances
                || c.virtualServers().size() != servers
                || c.virtualServers().values().iterator().next().realServers().size() != reals) {
            throw new IllegalStateException("generated config did not load completely");
        }
    }

    static void generate(Path file, int instances, int servers, int reals) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("global_defs {\n    router_id bench\n}\n");
            w.write("vrrp_script chk {\n    script /bin/true\n    interval 2\n}\n");
            for (int i = 0; i < instances; i++) {
                int vrid = i % 250 + 1;
                String iface = "eth" + i / 250;
                w.write("vrrp_instance VI_" + i + " {\n    state BACKUP\n    interface " + iface
                        + "\n    virtual_router_id " + vrid + "\n    priority 100\n    advert_int 1\n"
                        + "    track_script {\n        chk\n    }\n    virtual_ipaddress {\n"
                        + "        10.200." + i / 250 + "." + vrid + "/24 dev " + iface + "\n    }\n}\n");
            }
            for (int v = 0; v < servers; v++) {
                w.write("virtual_server 10." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255) + " 80 {\n"
                        + "    delay_loop 6\n    lvs_sched wrr\n    lvs_method NAT\n    protocol TCP\n");
                for (int r = 0; r < reals; r++) {
                    w.write("    real_server 172.16." + (v % 200) + "." + (r + 1) + " 8080 {\n        weight 1\n"
                            + "        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n");
                }
                w.write("}\n");
            }
        }
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
