package org.keepalivedj.benchmarks.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.check.http.HttpCheckFactory;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.check.tcp.TcpCheckFactory;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.ipvs.IpvsPlanes;
import org.keepalivedj.lvs.EmbeddedLvs;

/**
 * The same TCP checks of N real servers on loopback (delay_loop / inter 1 s), done in turn by
 * keepalived-j (the LVS engine with check-tcp), keepalived 2.2.7 (its checker process) and HAProxy
 * (check inter 1s): CPU of each, and how regularly the servers were checked, seen by the servers
 * themselves ({@link LoopbackServers}): the lateness of each check against the previous one to the
 * same server plus 1 s (p50/p99/max). One table.
 *
 * <p>keepalived's checker process will not start without IPVS. Where the kernel has none (this
 * host), it runs on the host with the IPVS stand-in ({@link KeepalivedIpvs}, fake_ipvs.c, built
 * with gcc at run time and loaded with LD_PRELOAD into keepalived only). Run as root:
 * <pre>
 * CP="$(mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout):$PWD/benchmarks/target/classes"
 * java -cp "$CP" org.keepalivedj.benchmarks.check.CheckerSideBySideBenchmark [servers=2000] [seconds=20] [rounds=3] [tcp|http]
 * </pre>
 * {@code -Dbench.only=keepalived-j} (a comma-separated list of keepalived-j, keepalived, haproxy) runs
 * only those contenders.
 * {@code http} checks with HTTP_GET (keepalived, keepalived-j: {@code url { path / status_code 200 }}; HAProxy:
 * {@code option httpchk GET /}, expecting 200) against one real nginx listening on the same addresses
 * ({@link LoopbackServers}); {@code tcp} (the default) with TCP_CHECK and a plain connect.
 * or inside user-mode-linux, whose kernel has IPVS (the guest sees the host's files; its /tmp is its own):
 * {@code bundles/ipvs/src/test/uml/run-in-uml.sh benchmarks/target/uml java -cp "$CP" ...}.
 * Without IPVS and without gcc, keepalived's row says why it did not run; the others still run.
 */
public final class CheckerSideBySideBenchmark {
    private static final int PER_VIRTUAL_SERVER = 1000;
    /** A contender is in its steady state once the servers see this share of the expected checks per second. */
    private static final double STEADY_SHARE = 0.8;

    private static final long STEADY_DEADLINE_SECONDS = 180;

    private CheckerSideBySideBenchmark() {}

    /** One window of one contender: CPU over wall time and the servers' view of the checks. */
    private record Window(double cpuShare, long checks, double seconds, String p50, String p99, String max) {}

    /** Something that checks the servers; CPU is read from /proc for the given processes (or ourselves). */
    private interface Contender extends AutoCloseable {
        String name();

        long cpuNanos() throws IOException;

        @Override
        void close() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int servers = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean http = args.length > 3 && args[3].equals("http");
        if (args.length > 3 && !http && !args[3].equals("tcp")) {
            throw new IllegalArgumentException("the fourth argument is tcp or http, not " + args[3]);
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/run")), "side-by-side");
        // Whatever ends this run (an exception, Ctrl-C), no server, keepalived or HAProxy outlives it.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
        String load = Files.readString(Path.of("/proc/loadavg")).trim();

        Process serverProcess = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LoopbackServers.class.getName(),
                        String.valueOf(servers),
                        "1000",
                        http ? "http" : "tcp")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader fromServers =
                new BufferedReader(new InputStreamReader(serverProcess.getInputStream(), StandardCharsets.US_ASCII));
        PrintStream toServers = new PrintStream(serverProcess.getOutputStream(), true, StandardCharsets.US_ASCII);
        if (!"READY".equals(fromServers.readLine())) {
            throw new IllegalStateException("loopback servers did not start");
        }
        List<String> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            for (String kind : System.getProperty("bench.only", "keepalived-j,keepalived,haproxy")
                    .split(",")) {
                long started = System.nanoTime();
                try (Contender c = start(kind, servers, http, work, notes)) {
                    String steady = warmUp(fromServers, toServers, servers, started);
                    List<Window> windows = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        long cpu0 = c.cpuNanos();
                        long t0 = System.nanoTime();
                        Thread.sleep(seconds * 1000L);
                        long wall = System.nanoTime() - t0;
                        long cpu = c.cpuNanos() - cpu0;
                        String[] s = stats(fromServers, toServers);
                        windows.add(new Window(100.0 * cpu / wall, Long.parseLong(s[1]), wall / 1e9, s[2], s[3], s[4]));
                    }
                    windows.sort((a, b) -> Double.compare(a.cpuShare(), b.cpuShare()));
                    Window median = windows.get(windows.size() / 2);
                    rows.add(String.format(
                            "| %s | %,d | %s | %.0f | %.1f%% (%.1f-%.1f) | %.1f | %s | %s | %s |",
                            c.name(),
                            servers,
                            steady,
                            median.checks() / median.seconds(),
                            median.cpuShare(),
                            windows.get(0).cpuShare(),
                            windows.get(windows.size() - 1).cpuShare(),
                            median.cpuShare() * 10_000 / Math.max(1, median.checks() / median.seconds()),
                            median.p50(),
                            median.p99(),
                            median.max()));
                } catch (Exception | LinkageError e) {
                    rows.add("| " + kind + " | " + servers + " | did not run: " + e.getMessage() + " | | | | | | |");
                }
            }
        } finally {
            toServers.close();
            serverProcess.destroy();
        }
        System.out.printf(
                "%nSide by side: %,d real servers on loopback, %s checks every 1 s, %d rounds of %d s each"
                        + " (median round; CPU range over rounds), %d CPU(s), kernel %s, load average before: %s%n",
                servers,
                http ? "HTTP GET (nginx answering)" : "TCP connect",
                rounds,
                seconds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.version"),
                load);
        System.out.println("| checker | servers | steady after s | checks/s seen by the servers | CPU (of one core)"
                + " | CPU us/check | lateness p50 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        notes.forEach(System.out::println);
        System.out.println("Work directory (configs, logs): " + work);
    }

    /**
     * Waits at least 5 s (JIT, first checks) and then until a 2 s window of the servers sees {@link #STEADY_SHARE}
     * of the expected checks, so a contender's start-up is not measured as its steady state (keepalived needs
     * seconds to activate 10,000 checkers). Returns the seconds since {@code started}, or says it never got there.
     */
    private static String warmUp(BufferedReader from, PrintStream to, int servers, long started) throws Exception {
        long deadline = started + STEADY_DEADLINE_SECONDS * 1_000_000_000L;
        Thread.sleep(5_000);
        stats(from, to);
        while (true) {
            long t0 = System.nanoTime();
            Thread.sleep(2_000);
            String[] s = stats(from, to);
            long now = System.nanoTime();
            if (Long.parseLong(s[1]) >= STEADY_SHARE * servers * (now - t0) / 1e9) {
                return String.format("%.0f", (now - started) / 1e9);
            }
            if (now > deadline) {
                return "not within " + STEADY_DEADLINE_SECONDS;
            }
        }
    }

    private static String[] stats(BufferedReader from, PrintStream to) throws IOException {
        to.println("STATS");
        String line = from.readLine();
        if (line == null || !line.startsWith("STATS ")) {
            throw new IllegalStateException("loopback servers answered " + line);
        }
        return line.split(" ");
    }

    private static Contender start(String kind, int servers, boolean http, Path work, List<String> notes)
            throws Exception {
        return switch (kind) {
            case "keepalived-j" -> new OwnEngine(servers, http);
            case "keepalived" -> {
                KeepalivedIpvs ipvs = KeepalivedIpvs.prepare(work);
                notes.add("keepalived ran in: " + ipvs.mode()
                        + (ipvs.environment().isEmpty()
                                ? ""
                                : " (LD_PRELOAD=" + ipvs.environment().get("LD_PRELOAD") + ")"));
                yield Daemon.start(
                        "keepalived " + version(List.of("keepalived", "-v"), "Keepalived v(\\S+).*")
                                + " (checker process; " + ipvs.mode() + ")",
                        work,
                        servers,
                        http,
                        true,
                        ipvs.environment(),
                        notes);
            }
            default ->
                Daemon.start(
                        "HAProxy " + version(List.of("haproxy", "-v"), "HAProxy version (\\S+).*"),
                        work,
                        servers,
                        http,
                        false,
                        java.util.Map.of(),
                        notes);
        };
    }

    /** Our engine in this JVM, with the IPVS plane where the kernel has one (as keepalived programs IPVS). */
    private static final class OwnEngine implements Contender {
        private final NettyCheckRuntime runtime = new NettyCheckRuntime(1, 2);
        private final EmbeddedLvs engine;
        private final ForwardingPlane plane;

        OwnEngine(int servers, boolean http) throws Exception {
            ForwardingPlane ipvs = IpvsPlanes.open();
            plane = ipvs.available() ? ipvs : null;
            engine = EmbeddedLvs.builder()
                    .plane(plane)
                    .checker(http ? new HttpCheckFactory(runtime) : new TcpCheckFactory(runtime))
                    .start();
            String config = CheckerScaleBenchmark.config(servers, PER_VIRTUAL_SERVER);
            if (http) {
                config = config.replace("TCP_CHECK {\n}", HTTP_CHECK);
            }
            engine.apply(KeepalivedConfigLoader.withBuiltinCheckers()
                    .load(config, "bench.conf", Path.of("."))
                    .config());
        }

        @Override
        public String name() {
            return "keepalived-j" + (plane == null ? " (no IPVS)" : "");
        }

        @Override
        public long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        @Override
        public void close() {
            java.util.Map<String, Long> down = engine.virtualServers().stream()
                    .flatMap(v -> v.realServers().stream())
                    .filter(rs -> !rs.up())
                    .collect(java.util.stream.Collectors.groupingBy(
                            rs -> rs.checkers().get(0).lastDetail(), java.util.stream.Collectors.counting()));
            if (!down.isEmpty()) {
                System.out.println("keepalived-j: servers down at the end, by reason: " + down);
            }
            engine.close();
            runtime.close();
        }
    }

    /** keepalived or HAProxy as a child process, CPU summed over it and its children. */
    private static final class Daemon implements Contender {
        private final String name;
        private final Process process;
        private final Path log;
        private final boolean keepalived;
        private final List<String> notes;

        private Daemon(String name, Process process, Path log, boolean keepalived, List<String> notes) {
            this.name = name;
            this.process = process;
            this.log = log;
            this.keepalived = keepalived;
            this.notes = notes;
        }

        static Daemon start(
                String name,
                Path work,
                int servers,
                boolean http,
                boolean keepalived,
                java.util.Map<String, String> env,
                List<String> notes)
                throws Exception {
            Path conf = work.resolve(keepalived ? "keepalived.conf" : "haproxy.cfg");
            Files.writeString(conf, keepalived ? keepalivedConfig(servers, http) : haproxyConfig(servers, http));
            // keepalived: checker process only (-C), in the foreground (-n), logging to stdout (-l) so its log
            // is ours to read, and not to syslog (-G): with no syslog daemon, syslog(3) falls back to writing
            // every line to the serial console, which cost keepalived ~20 s of CPU to start 10,000 checkers.
            // Its own pid files, so another keepalived on this machine is no obstacle.
            List<String> command = keepalived
                    ? List.of(
                            "keepalived",
                            "-n",
                            "-l",
                            "-G",
                            "-C",
                            "-f",
                            conf.toString(),
                            "-p",
                            work.resolve("ka.pid").toString(),
                            "-c",
                            work.resolve("ka-check.pid").toString())
                    : List.of("haproxy", "-db", "-f", conf.toString());
            Path log = work.resolve(keepalived ? "keepalived.log" : "haproxy.log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            Thread.sleep(3_000);
            if (!p.isAlive()) {
                String text = Files.readString(log);
                throw new IllegalStateException("exited " + p.exitValue() + ": "
                        + text.substring(Math.max(0, text.length() - 300)).replace('\n', ' '));
            }
            return new Daemon(name, p, log, keepalived, notes);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long cpuNanos() throws IOException {
            long total = cpu(process.toHandle());
            for (ProcessHandle child : process.descendants().toList()) {
                total += cpu(child);
            }
            return total;
        }

        private static long cpu(ProcessHandle h) {
            try {
                String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
            } catch (IOException e) {
                return 0; // gone
            }
        }

        @Override
        public void close() throws Exception {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly); // keepalived's checker child, if it outlived its parent
            if (keepalived) {
                noteIpvsErrors();
            }
        }

        /** keepalived logs IPVS failures, if any, by name; with the stand-in there must be none. */
        private void noteIpvsErrors() throws IOException {
            List<String> errors = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.matches("(?i).*ipvs.*(can't|cannot|error|fail|unable).*"))
                    .toList();
            notes.add("keepalived's log (" + log + "): "
                    + (errors.isEmpty()
                            ? "no IPVS errors"
                            : errors.size() + " IPVS error line(s), first: " + errors.get(0)));
        }
    }

    /** The HTTP_GET block of keepalived and keepalived-j (one url, status 200 wanted). */
    private static final String HTTP_CHECK =
            "HTTP_GET {\n   url {\n    path /\n    status_code 200\n   }\n" + "   connect_timeout 3\n  }";

    static String keepalivedConfig(int servers, boolean http) {
        StringBuilder sb = new StringBuilder("global_defs {\n router_id bench\n}\n");
        for (int i = 0; i < servers; i++) {
            if (i % PER_VIRTUAL_SERVER == 0) {
                if (i > 0) {
                    sb.append("}\n");
                }
                sb.append("virtual_server 192.0.2.")
                        .append(1 + i / PER_VIRTUAL_SERVER)
                        .append(" 80 {\n")
                        .append(" delay_loop 1\n lb_algo wrr\n lb_kind NAT\n protocol TCP\n");
            }
            sb.append(" real_server ")
                    .append(LoopbackServers.address(i))
                    .append(' ')
                    .append(LoopbackServers.port(i))
                    .append(
                            http
                                    ? " {\n  " + HTTP_CHECK + "\n }\n"
                                    : " {\n  TCP_CHECK {\n   connect_timeout 3\n  }\n }\n");
        }
        return sb.append("}\n").toString();
    }

    static String haproxyConfig(int servers, boolean http) {
        StringBuilder sb = new StringBuilder("""
                global
                    maxconn 4000
                defaults
                    mode tcp
                    timeout connect 3s
                    timeout client 5s
                    timeout server 5s
                frontend unused
                    bind 127.0.0.1:19999
                    default_backend b0
                """);
        for (int i = 0; i < servers; i++) {
            if (i % PER_VIRTUAL_SERVER == 0) {
                // A plain connect check aborts the handshake at SYN-ACK, so the servers would never see it:
                // sending a line completes the handshake, as keepalived's and our TCP_CHECK do.
                sb.append("backend b").append(i / PER_VIRTUAL_SERVER);
                sb.append(
                        http
                                ? "\n    option httpchk GET /\n    http-check expect status 200\n"
                                : "\n    option tcp-check\n    tcp-check connect\n    tcp-check send \"check\\r\\n\"\n");
            }
            sb.append("    server s")
                    .append(i)
                    .append(' ')
                    .append(LoopbackServers.address(i))
                    .append(':')
                    .append(LoopbackServers.port(i))
                    .append(" check inter 1s\n");
        }
        return sb.toString();
    }

    /** The version from the first line of a "-v" output: the first group of {@code pattern}. */
    private static String version(List<String> command, String pattern) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String first =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            p.waitFor();
            return first == null || !first.matches(pattern) ? "(version unknown)" : first.replaceAll(pattern, "$1");
        } catch (IOException e) {
            return "(version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(version unknown)";
        }
    }
}
