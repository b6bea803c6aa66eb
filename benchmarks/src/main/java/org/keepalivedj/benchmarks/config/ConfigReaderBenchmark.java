package org.keepalivedj.benchmarks.config;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.config.syntax.ConfigReader;
import org.keepalivedj.config.syntax.ParsedConfig;

/**
 * How fast the keepalived.conf reader (lexer, preprocessor, block tree; no binding or validation)
 * reads a large generated config, written out plainly and again with ~SEQ and multi-line $PARAM
 * definitions that expand to the same tree, side by side with real keepalived's {@code -t} on the
 * plain file (which parses and checks everything, so it is an anchor, not the same work). Prints
 * median and spread per measure, the CPU time of the reading thread (steadier than wall time on a
 * shared machine), the heap the tree holds, and the ratio.
 * <p>
 * Run: {@code java -cp <config and api classes> org.keepalivedj.benchmarks.config.ConfigReaderBenchmark}
 * (system properties: {@code instances} 1000, {@code servers} 10000, {@code reals} 10, {@code rounds} 7).
 */
public final class ConfigReaderBenchmark {

    private ConfigReaderBenchmark() {}

    public static void main(String[] args) throws Exception {
        int instances = Integer.getInteger("instances", 1000);
        int servers = Integer.getInteger("servers", 10000);
        int reals = Integer.getInteger("reals", 10);
        int rounds = Integer.getInteger("rounds", 7);
        Path dir = Files.createTempDirectory("ka-reader-bench");
        try {
            Path plain = dir.resolve("plain.conf");
            Path templated = dir.resolve("templated.conf");
            writePlain(plain, instances, servers, reals);
            writeTemplated(templated, instances, servers, reals);
            ConfigReader reader =
                    new ConfigReader(ConfigReader.Options.defaults().withConfigId("bench"));
            long nodesPlain = countNodes(reader.read(plain).roots());
            long nodesTemplated = countNodes(reader.read(templated).roots());
            if (nodesPlain != nodesTemplated) {
                throw new IllegalStateException(
                        "templated config gives " + nodesTemplated + " nodes, plain " + nodesPlain);
            }
            System.out.printf(
                    "config: %d VRRP instances, %d virtual servers x %d real servers: %d lines, %.1f MB, %d nodes%n",
                    instances, servers, reals, Files.readAllLines(plain).size(), Files.size(plain) / 1e6, nodesPlain);

            List<long[]> plainRuns = new ArrayList<>();
            List<long[]> templatedRuns = new ArrayList<>();
            List<Long> keepalivedRuns = new ArrayList<>();
            boolean haveKeepalived = keepalivedPath() != null;
            for (int round = 0; round < rounds; round++) {
                plainRuns.add(readOnce(reader, plain));
                templatedRuns.add(readOnce(reader, templated));
                if (haveKeepalived) {
                    keepalivedRuns.add(keepalivedCheck(plain));
                }
            }
            System.out.println();
            System.out.printf(
                    "%-44s %10s %19s %12s%n", "measure (" + rounds + " rounds)", "median", "min..max", "ratio");
            long base = haveKeepalived ? median(keepalivedRuns) : 0;
            row("keepalived-j read, plain file (ms)", millis(plainRuns, r -> r[0]), base);
            row("keepalived-j read, ~SEQ/$PARAM file (ms)", millis(templatedRuns, r -> r[0]), base);
            row("  the same, CPU of the reading thread (ms)", millis(templatedRuns, r -> r[2]), 0);
            row("  plain file, CPU of the reading thread (ms)", millis(plainRuns, r -> r[2]), 0);
            if (haveKeepalived) {
                row("keepalived -t, plain file (ms, anchor)", keepalivedRuns, 0);
            } else {
                System.out.println("keepalived not installed: no anchor (apt-get install keepalived)");
            }
            row("heap held by the tree (MB)", millis(plainRuns, r -> r[1]), 0);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One read: wall time in ms, the heap the result holds in MB, CPU time of the thread in ms. */
    private static long[] readOnce(ConfigReader reader, Path file) throws Exception {
        settle();
        long before = usedHeap();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        ParsedConfig parsed = reader.read(file);
        long elapsed = System.nanoTime() - start;
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        settle();
        long held = usedHeap() - before;
        if (parsed.roots().isEmpty()) {
            throw new IllegalStateException("nothing read");
        }
        return new long[] {TimeUnit.NANOSECONDS.toMillis(elapsed), held >> 20, TimeUnit.NANOSECONDS.toMillis(cpu)};
    }

    private static long keepalivedCheck(Path file) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(keepalivedPath(), "-t", "-f", file.toString(), "-n", "-l", "-D")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("keepalived -t did not finish in 120 s");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String keepalivedPath() {
        for (String candidate :
                new String[] {"/usr/sbin/keepalived", "/sbin/keepalived", "/usr/local/sbin/keepalived"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    private static void writePlain(Path file, int instances, int servers, int reals) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("global_defs {\n    router_id bench\n}");
            for (int i = 0; i < instances; i++) {
                w.print(instance(Integer.toString(i)));
            }
            for (int v = 0; v < servers; v++) {
                w.printf("virtual_server 172.%d.%d.%d 80 {%n", 16 + v / 65536, (v / 256) % 256, v % 256);
                w.print("    delay_loop 6\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n");
                for (int r = 1; r <= reals; r++) {
                    w.print(real(Integer.toString(v % 256), Integer.toString(r)));
                }
                w.println("}");
            }
        }
    }

    /** The same config through the preprocessor: ~SEQ lines expanding multi-line definitions. */
    private static void writeTemplated(Path file, int instances, int servers, int reals) throws IOException {
        try (PrintWriter w = new PrintWriter(new BufferedWriter(Files.newBufferedWriter(file)))) {
            w.println("global_defs {\n    router_id bench\n}");
            w.println("$VI= \\");
            w.println(instance("${I}").replace("\n", " \\\n").replaceAll(" \\\\\\n$", "\n"));
            w.printf("~SEQ(I, 0, %d) $VI%n", instances - 1);
            w.println("$RS= \\");
            w.println(real("${C}", "${R}").replace("\n", " \\\n").replaceAll(" \\\\\\n$", "\n"));
            for (int v = 0; v < servers; v++) {
                w.printf("virtual_server 172.%d.%d.%d 80 {%n", 16 + v / 65536, (v / 256) % 256, v % 256);
                w.print("    delay_loop 6\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n");
                w.printf("    $C=%d%n    ~SEQ(R, 1, %d) $RS%n}%n", v % 256, reals);
            }
        }
    }

    private static String instance(String i) {
        return "vrrp_instance VI_" + i + " {\n    state BACKUP\n    interface eth0\n    virtual_router_id 1\n"
                + "    priority 100\n    advert_int 1\n    authentication {\n        auth_type PASS\n"
                + "        auth_pass secret\n    }\n    virtual_ipaddress {\n        10.0.0." + i + "/32 dev eth0\n"
                + "    }\n    track_script {\n        chk\n    }\n}\n";
    }

    private static String real(String c, String r) {
        return "    real_server 192.168." + c + "." + r + " 8080 {\n        weight 1\n        TCP_CHECK {\n"
                + "            connect_timeout 3\n        }\n    }\n";
    }

    private static long countNodes(List<ConfigNode> nodes) {
        long n = nodes.size();
        for (ConfigNode node : nodes) {
            n += countNodes(node.children());
        }
        return n;
    }

    private static List<Long> millis(List<long[]> runs, ToLongFunction<long[]> pick) {
        List<Long> out = new ArrayList<>();
        for (long[] run : runs) {
            out.add(pick.applyAsLong(run));
        }
        return out;
    }

    private static void row(String what, List<Long> values, long base) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        long median = median(values);
        String ratio = base > 0 ? String.format("%.2fx", (double) median / base) : "";
        System.out.printf(
                "%-44s %10d %19s %12s%n", what, median, sorted.get(0) + ".." + sorted.get(sorted.size() - 1), ratio);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
    }
}
