package org.keepalivedj.benchmarks.check;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.check.tcp.TcpCheckFactory;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.lvs.EmbeddedLvs;

/**
 * Checker scale: N real servers on loopback (127.0.1.x, 100 ports each, served by a separate
 * process), each with a TCP_CHECK at delay_loop 1 s, run by the engine with the real check-tcp
 * checker on its Netty event loop. Measures the engine JVM's CPU and how late each scheduled attempt
 * starts against its schedule (p50/p99/max), several rounds. The engine runs embedded
 * ({@link EmbeddedLvs}), without OSGi. Run:
 *
 * <pre>
 * java -cp "$(mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout):benchmarks/target/classes" \
 *     org.keepalivedj.benchmarks.check.CheckerScaleBenchmark [servers=10000] [seconds=20] [rounds=3]
 * </pre>
 */
public final class CheckerScaleBenchmark {

    private CheckerScaleBenchmark() {}

    static String config(int servers, int perVirtualServer) {
        StringBuilder sb = new StringBuilder(servers * 80);
        for (int i = 0; i < servers; i++) {
            if (i % perVirtualServer == 0) {
                if (i > 0) {
                    sb.append("}\n");
                }
                sb.append("virtual_server 192.0.2.")
                        .append(1 + i / perVirtualServer)
                        .append(" 80 {\n")
                        .append("protocol TCP\nlvs_sched wrr\ndelay_loop 1\nconnect_timeout 3\nwarmup 1\n");
            }
            sb.append("real_server ")
                    .append(LoopbackServers.address(i))
                    .append(' ')
                    .append(LoopbackServers.port(i))
                    .append(" {\nTCP_CHECK {\n}\n}\n");
        }
        return sb.append("}\n").toString();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of another process from /proc, in nanoseconds (clock ticks of 10 ms). */
    private static long processCpuNanos(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    private static long attempts(EmbeddedLvs engine) {
        long n = 0;
        for (VirtualServerView vs : engine.virtualServers()) {
            for (RealServerView rs : vs.realServers()) {
                for (CheckerStatus c : rs.checkers()) {
                    n += c.attempts();
                }
            }
        }
        return n;
    }

    private static long down(EmbeddedLvs engine) {
        return engine.virtualServers().stream()
                .flatMap(v -> v.realServers().stream())
                .filter(r -> !r.up())
                .count();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    public static void main(String[] args) throws Exception {
        int servers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        // "engine": a checker that answers at once, to see the engine's own cost per check
        boolean engineOnly = args.length > 3 && args[3].equals("engine");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");

        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        String cp = System.getProperty("java.class.path");
        Process serverProcess = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        cp,
                        LoopbackServers.class.getName(),
                        String.valueOf(servers))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader ready =
                new BufferedReader(new InputStreamReader(serverProcess.getInputStream(), StandardCharsets.US_ASCII));
        if (!"READY".equals(ready.readLine())) {
            throw new IllegalStateException("loopback servers did not start");
        }

        NettyCheckRuntime runtime = new NettyCheckRuntime(1, 2);
        EmbeddedLvs engine = EmbeddedLvs.builder()
                .checker(engineOnly ? new InstantCheck() : new TcpCheckFactory(runtime))
                .recordTimerLateness()
                .start();
        try {
            long parse = System.nanoTime();
            var config = KeepalivedConfigLoader.withBuiltinCheckers()
                    .load(config(servers, 1000), "bench.conf", Path.of("."))
                    .config();
            long parsed = System.nanoTime();
            engine.apply(config);
            long started = System.nanoTime();
            Thread.sleep(5_000); // warm-up: JIT, connection tables
            engine.drainTimerLateness();

            List<String> rows = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                long a0 = attempts(engine);
                long cpu0 = processCpuNanos();
                long srv0 = processCpuNanos(serverProcess.pid());
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                long wall = System.nanoTime() - t0;
                long cpu = processCpuNanos() - cpu0;
                long srv = processCpuNanos(serverProcess.pid()) - srv0;
                long checks = attempts(engine) - a0;
                long[] late = engine.drainTimerLateness();
                rows.add(String.format(
                        "| %d | %,d | %.0f | %.1f%% | %.1f | %.2f | %.2f | %.2f | %d | %.1f%% |",
                        r,
                        servers,
                        checks / (wall / 1e9),
                        100.0 * cpu / wall,
                        cpu / 1e3 / Math.max(1, checks),
                        ms(late[late.length / 2]),
                        ms(late[(int) (late.length * 0.99)]),
                        ms(late[late.length - 1]),
                        down(engine),
                        100.0 * srv / wall));
            }
            System.out.printf(
                    "%nChecker scale: %,d real servers on loopback, TCP_CHECK at delay_loop 1 s, %d s rounds, %d cores,"
                            + " checker: %s, load average before: %s%n",
                    servers,
                    seconds,
                    Runtime.getRuntime().availableProcessors(),
                    engineOnly ? "instant (engine cost only)" : "check-tcp on Netty",
                    load);
            System.out.printf(
                    "(config read %.0f ms, engine started %.0f ms)%n", ms(parsed - parse), ms(started - parsed));
            System.out.println(
                    "| round | servers | checks/s | keepalived-j CPU (of one core) | CPU us/check | lateness p50 ms"
                            + " | p99 ms | max ms | servers down | loopback servers' CPU |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
            java.util.Map<String, Long> reasons = engine.virtualServers().stream()
                    .flatMap(v -> v.realServers().stream())
                    .filter(rs -> !rs.up())
                    .collect(java.util.stream.Collectors.groupingBy(
                            rs -> rs.checkers().get(0).lastDetail(), java.util.stream.Collectors.counting()));
            if (!reasons.isEmpty()) {
                System.out.println("Why servers are down: " + reasons);
            }
        } finally {
            engine.close();
            runtime.close();
            serverProcess.getOutputStream().close();
            serverProcess.destroy();
        }
    }

    /** A TCP_CHECK that is up at once, without I/O. */
    private static final class InstantCheck implements org.keepalivedj.api.check.HealthCheckerFactory {
        @Override
        public java.util.Set<String> keywords() {
            return java.util.Set.of("TCP_CHECK");
        }

        @Override
        public org.keepalivedj.api.check.CheckerSpec bind(
                org.keepalivedj.api.config.ConfigNode block, org.keepalivedj.api.check.ProblemSink sink) {
            return org.keepalivedj.config.checkers.BuiltinCheckers.registry()
                    .find("TCP_CHECK")
                    .orElseThrow()
                    .bind(block, sink);
        }

        @Override
        public org.keepalivedj.api.check.HealthChecker create(
                org.keepalivedj.api.check.CheckerSpec spec, org.keepalivedj.api.check.CheckTarget target) {
            return () -> java.util.concurrent.CompletableFuture.completedFuture(
                    org.keepalivedj.api.check.CheckResult.up("instant"));
        }
    }
}
