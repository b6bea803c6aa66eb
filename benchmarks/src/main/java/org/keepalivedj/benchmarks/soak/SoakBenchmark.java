package org.keepalivedj.benchmarks.soak;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.keepalivedj.benchmarks.check.LoopbackServers;
import org.keepalivedj.benchmarks.startup.ProcessMemory;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;

/**
 * Soak: two keepalived-j nodes (each a JVM in its own namespace on one bridge) run N VRRP instances
 * at a short advert interval; node a is master of all of them and also runs M real servers with
 * TCP_CHECK (delay_loop 1 s unless told) against loopback servers. After both settle, any VRRP or real-server
 * transition is spurious. Each node samples its heap after a GC, threads and fds; the table shows
 * first, last and largest samples. Run (as root):
 *
 * <pre>
 * java -cp "$(mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout):benchmarks/target/classes" \
 *     org.keepalivedj.benchmarks.soak.SoakBenchmark [instances=200] [servers=2000] [seconds=600] [sample=30] \
 *     [advert_int=0.1] [delay_loop=1]
 * </pre>
 * With {@code -Dsoak.chrt="-r 10"} both nodes run under real-time scheduling, as keepalived runs
 * its VRRP process with vrrp_rt_priority: on a shared, loaded machine that is what separates the
 * daemon's own behaviour from its neighbours' CPU use.
 * <pre>
 * </pre>
 */
public final class SoakBenchmark {

    private static final Path SETENV = Path.of("karaf-assembly", "src", "main", "assembly", "bin", "setenv");

    /**
     * The JVM settings of both nodes: the distribution's defaults, read from its bin/setenv, so the
     * soak measures what ships; -Dsoak.jvm="..." replaces them (docs/reliability.md compares G1).
     */
    public static final List<String> NODE_JVM =
            List.of((System.getProperty("soak.jvm") != null ? System.getProperty("soak.jvm") : shippedJvmOptions())
                    .trim()
                    .split("\\s+"));

    /**
     * KEEPALIVEDJ_DEFAULT_JAVA_OPTS of bin/setenv, found from the working directory upwards (the
     * repository root when run by hand, the benchmarks module under Maven).
     */
    public static String shippedJvmOptions() {
        String prefix = "KEEPALIVEDJ_DEFAULT_JAVA_OPTS=\"";
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path setenv = dir.resolve(SETENV);
            if (Files.isReadable(setenv)) {
                try {
                    for (String line : Files.readAllLines(setenv)) {
                        if (line.startsWith(prefix)) {
                            return line.substring(prefix.length(), line.lastIndexOf('"'));
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot read " + setenv, e);
                }
                throw new IllegalStateException(setenv + " sets no KEEPALIVEDJ_DEFAULT_JAVA_OPTS");
            }
        }
        throw new IllegalStateException("no " + SETENV + " above " + Path.of("").toAbsolutePath());
    }

    public record Params(int instances, int servers, int seconds, int sampleSeconds, String advertInt, int delayLoop) {}

    /**
     * One node's samples: {@code [uptime ms, heap, threads, fds, timer pauses, max lateness us, longest GC pause us,
     * rs down, rs transitions, attempts, RSS kB]}.
     */
    public record NodeFigures(String name, long spuriousTransitions, List<long[]> samples) {
        public long[] first() {
            return samples.get(0);
        }

        public long[] last() {
            return samples.get(samples.size() - 1);
        }

        public long max(int column) {
            return samples.stream().mapToLong(s -> s[column]).max().orElse(0);
        }
    }

    public record Result(Params params, NodeFigures a, NodeFigures b, int vipsOnA, int vipsOnB) {}

    public static final int UPTIME = 0,
            HEAP = 1,
            THREADS = 2,
            FDS = 3,
            PAUSES = 4,
            LATENESS = 5,
            GC_PAUSE = 6,
            RS_DOWN = 7,
            RS_TRANSITIONS = 8,
            ATTEMPTS = 9,
            RSS = 10;

    /** How the nodes were scheduled, for the table. */
    private static volatile String scheduling = "normal";

    private SoakBenchmark() {}

    public static void main(String[] args) throws Exception {
        Params p = new Params(
                arg(args, 0, 200),
                arg(args, 1, 2000),
                arg(args, 2, 600),
                arg(args, 3, 30),
                args.length > 4 ? args[4] : "0.1",
                arg(args, 5, 1));
        Result r = run(p, Files.createTempDirectory("soak"));
        System.out.println(table(r));
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    /** Runs the soak; logs of both nodes go to {@code dir}. */
    public static Result run(Params p, Path dir) throws Exception {
        if (p.instances() > 255) {
            throw new IllegalArgumentException("at most 255 instances (one virtual_router_id each on one interface)");
        }
        try (NetLab lab = NetLab.create()) {
            Netns a = lab.node("a", "10.99.0.1/16");
            Netns b = lab.node("b", "10.99.0.2/16");
            Files.writeString(dir.resolve("a.conf"), vrrpConfig(p, 150) + serversConfig(p.servers(), p.delayLoop()));
            Files.writeString(dir.resolve("b.conf"), vrrpConfig(p, 100));
            String cp = System.getProperty("java.class.path");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            if (p.servers() > 0) {
                Process servers = a.start(
                        java, "-Xmx128m", "-cp", cp, LoopbackServers.class.getName(), String.valueOf(p.servers()));
                BufferedReader ready =
                        new BufferedReader(new InputStreamReader(servers.getInputStream(), StandardCharsets.US_ASCII));
                for (String line; !"READY".equals(line = ready.readLine()); ) {
                    if (line == null) {
                        throw new IllegalStateException("loopback servers did not start");
                    }
                }
            }
            String dist = System.getProperty("soak.dist");
            NodeOutput outA = dist == null
                    ? startNode(a, "a", dir, p, java, cp)
                    : startDistribution(a, Path.of(dist).toAbsolutePath(), dir, p);
            await("a master of all " + p.instances(), 300, () -> outA.count(" MASTER") >= p.instances());
            NodeOutput outB = startNode(b, "b", dir, p, java, cp);
            await("b backup of all " + p.instances(), 300, () -> outB.count(" BACKUP") >= p.instances());
            // settle: every real server checked at least once (warm-up, rise)
            await(
                    "a's first sample with every real server up",
                    300,
                    () -> !outA.samples.isEmpty() && outA.samples.get(outA.samples.size() - 1)[RS_DOWN] == 0);
            int baselineA = outA.states.size();
            int baselineB = outB.states.size();
            int firstSampleA = outA.samples.size();
            int firstSampleB = outB.samples.size();
            long end = System.nanoTime() + p.seconds() * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            await(
                    "two samples of each node after settling",
                    2L * p.sampleSeconds() + 30,
                    () -> outA.samples.size() > firstSampleA + 1 && outB.samples.size() > firstSampleB + 1);
            int vipsA = vips(a);
            int vipsB = vips(b);
            NodeFigures fa = new NodeFigures(
                    "a",
                    outA.states.size() - baselineA,
                    List.copyOf(outA.samples.subList(firstSampleA, outA.samples.size())));
            NodeFigures fb = new NodeFigures(
                    "b",
                    outB.states.size() - baselineB,
                    List.copyOf(outB.samples.subList(firstSampleB, outB.samples.size())));
            return new Result(p, fa, fb, vipsA, vipsB);
        }
    }

    /** Everything a node printed that the soak reads, collected by a reader thread. */
    private static final class NodeOutput {
        final List<String> states = new CopyOnWriteArrayList<>();
        final List<long[]> samples = new CopyOnWriteArrayList<>();
        final AtomicInteger started = new AtomicInteger();

        long count(String suffix) {
            return states.stream().filter(s -> s.endsWith(suffix)).count();
        }
    }

    private static NodeOutput startNode(Netns ns, String name, Path dir, Params p, String java, String cp)
            throws Exception {
        List<String> cmd = scheduled();
        cmd.add(java);
        cmd.addAll(NODE_JVM);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.addAll(List.of(
                "-cp",
                cp,
                SoakNode.class.getName(),
                dir.resolve(name + ".conf").toString(),
                dir.resolve(name + "-data").toString(),
                String.valueOf(p.sampleSeconds())));
        Files.createDirectories(dir.resolve(name + "-data"));
        Process process = ns.start(cmd.toArray(String[]::new));
        NodeOutput out = new NodeOutput();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                            PrintWriter log =
                                    new PrintWriter(Files.newBufferedWriter(dir.resolve(name + ".log")), true)) {
                        for (String line; (line = in.readLine()) != null; ) {
                            log.println(line);
                            if (line.startsWith("STATE ")) {
                                out.states.add(line);
                            } else if (line.startsWith("SAMPLE ")) {
                                String[] f = line.substring(7).split(" ");
                                long[] s = new long[f.length];
                                for (int i = 0; i < f.length; i++) {
                                    s[i] = Long.parseLong(f[i]);
                                }
                                out.samples.add(s);
                            } else if (line.equals("STARTED")) {
                                out.started.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        // the node ended; the soak's own checks report what is missing
                    }
                },
                "soak-" + name);
        reader.setDaemon(true);
        reader.start();
        await("node " + name + " started (log " + dir.resolve(name + ".log") + ")", 180, () -> out.started.get() > 0);
        return out;
    }

    /**
     * Node a as the shipped distribution ({@code -Dsoak.dist=karaf-assembly/target/assembly}): bin/keepalived -n
     * with bin/setenv's flags, watched from outside. Transitions come from its log; every sample
     * runs jcmd GC.run and reads the heap, VmRSS, threads and fds from /proc. It has no timer
     * counters (those columns stay 0); real servers down are the log's removals less its additions.
     */
    private static NodeOutput startDistribution(Netns ns, Path dist, Path dir, Params p) throws Exception {
        Path data = dir.resolve("a-data");
        List<String> cmd = scheduled();
        cmd.addAll(List.of(
                dist.resolve("bin/keepalived").toString(),
                "-n",
                "-f",
                dir.resolve("a.conf").toString(),
                "--data",
                data.toString()));
        Process process = ns.start(cmd.toArray(String[]::new));
        NodeOutput out = new NodeOutput();
        Thread console = new Thread(
                () -> {
                    try (var in = process.getInputStream()) {
                        Files.copy(in, dir.resolve("a.log"));
                    } catch (java.io.IOException e) {
                        // the node ended
                    }
                },
                "soak-a-console");
        console.setDaemon(true);
        console.start();
        Thread watcher = new Thread(
                () -> {
                    try {
                        watchDistribution(process, data.resolve("log/keepalived.log"), p.sampleSeconds(), out);
                    } catch (Exception e) {
                        // the node ended; the soak's own checks report what is missing
                    }
                },
                "soak-a");
        watcher.setDaemon(true);
        watcher.start();
        await("the distribution started (log " + data.resolve("log") + ")", 300, () -> out.started.get() > 0);
        return out;
    }

    private static final Pattern ENTERING = Pattern.compile("\\((\\S+)\\) Entering (\\w+) STATE");

    private static void watchDistribution(Process process, Path log, int sampleSeconds, NodeOutput out)
            throws Exception {
        // ip netns exec, chrt, bin/keepalived and bin/karaf each exec the next: the JVM has the pid started
        long pid = process.pid();
        long start = System.nanoTime();
        long nextSample = start + sampleSeconds * 1_000_000_000L;
        long offset = 0;
        long added = 0;
        long removed = 0;
        StringBuilder partial = new StringBuilder();
        while (process.isAlive()) {
            if (Files.exists(log)) {
                try (var in = Files.newByteChannel(log)) {
                    in.position(offset);
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
                    for (int n; (n = in.read(buf)) > 0; buf.clear()) {
                        offset += n;
                        partial.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                    }
                }
                for (int nl; (nl = partial.indexOf("\n")) >= 0; partial.delete(0, nl + 1)) {
                    String line = partial.substring(0, nl);
                    Matcher m = ENTERING.matcher(line);
                    if (m.find()) {
                        out.states.add("STATE " + m.group(1) + " " + m.group(2));
                    } else if (line.contains("Adding service ")) {
                        added++;
                    } else if (line.contains("Removing service ")) {
                        removed++;
                    } else if (line.contains("Starting keepalived-j")) {
                        out.started.incrementAndGet();
                    }
                }
            }
            if (System.nanoTime() >= nextSample && out.started.get() > 0) {
                nextSample += sampleSeconds * 1_000_000_000L;
                ProcessMemory.jdk("jcmd", Long.toString(pid), "GC.run");
                long heap = (long) (ProcessMemory.heap(pid)[0] * 1048576);
                long fds;
                try (Stream<Path> f = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                    fds = f.count();
                }
                out.samples.add(new long[] {
                    (System.nanoTime() - start) / 1_000_000,
                    heap,
                    ProcessMemory.threads(pid),
                    fds,
                    0,
                    0,
                    0,
                    Math.max(0, removed - added),
                    added + removed,
                    0,
                    ProcessMemory.rssKb(pid)
                });
            }
            Thread.sleep(1000);
        }
    }

    private static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("soak: timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static int vips(Netns ns) {
        String out = ns.exec("ip", "-4", "-o", "addr", "show", "dev", NetLab.NODE_INTERFACE)
                .stdout();
        return (int) out.lines()
                .filter(l -> l.contains(" 10.99.1.") || l.contains(" 10.99.2."))
                .count();
    }

    static String vrrpConfig(Params p, int priority) {
        StringBuilder sb = new StringBuilder("global_defs {\n  vrrp_version 3\n}\n");
        for (int i = 1; i <= p.instances(); i++) {
            sb.append("vrrp_instance VI_")
                    .append(i)
                    .append(" {\n  state BACKUP\n  interface eth0\n  virtual_router_id ")
                    .append(i)
                    .append("\n  priority ")
                    .append(priority)
                    .append("\n  advert_int ")
                    .append(p.advertInt())
                    .append("\n  virtual_ipaddress {\n    10.99.")
                    .append(1 + i / 250)
                    .append('.')
                    .append(1 + i % 250)
                    .append("/32\n  }\n}\n");
        }
        return sb.toString();
    }

    static String serversConfig(int servers, int delayLoop) {
        StringBuilder sb = new StringBuilder(servers * 80);
        int perVirtualServer = 100;
        for (int i = 0; i < servers; i++) {
            if (i % perVirtualServer == 0) {
                if (i > 0) {
                    sb.append("}\n");
                }
                sb.append("virtual_server 192.0.2.")
                        .append(1 + i / perVirtualServer)
                        .append(" 80 {\n")
                        .append("  protocol TCP\n  lvs_sched wrr\n  delay_loop ")
                        .append(delayLoop)
                        .append("\n  connect_timeout 3\n");
            }
            sb.append("  real_server ")
                    .append(SoakChecks.serverAddress(i))
                    .append(' ')
                    .append(SoakChecks.serverPort(i))
                    .append(" {\n    TCP_CHECK {\n    }\n  }\n");
        }
        return servers == 0 ? "" : sb.append("}\n").toString();
    }

    /** chrt and its arguments when -Dsoak.chrt asks for it (e.g. "-r 10": real-time, as keepalived's vrrp_rt_priority). */
    private static List<String> scheduled() throws Exception {
        List<String> cmd = new ArrayList<>();
        String chrt = System.getProperty("soak.chrt");
        if (chrt != null && !chrt.isBlank() && chrtWorks(chrt)) {
            scheduling = "chrt " + chrt.trim();
            cmd.add("chrt");
            cmd.addAll(List.of(chrt.trim().split("\\s+")));
        }
        return cmd;
    }

    /** False (with a note) where real-time scheduling is not allowed, e.g. a container without CAP_SYS_NICE. */
    private static boolean chrtWorks(String chrt) throws Exception {
        List<String> probe = new ArrayList<>(List.of("chrt"));
        probe.addAll(List.of(chrt.trim().split("\\s+")));
        probe.add("true");
        Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
        boolean ok = p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!ok) {
            System.out.println("soak: chrt " + chrt + " is not allowed here; the nodes run with normal scheduling");
        }
        return ok;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** The soak's figures as a markdown table. */
    public static String table(Result r) {
        Params p = r.params();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%nSoak: %d VRRP instances at advert_int %s on two nodes, %d real servers with TCP_CHECK"
                        + " (delay_loop %d) on node a, %d s measured after settling, samples every %d s, %d cores, JVM %s%n",
                p.instances(),
                p.advertInt(),
                p.servers(),
                p.delayLoop(),
                p.seconds(),
                p.sampleSeconds(),
                Runtime.getRuntime().availableProcessors(),
                String.join(" ", NODE_JVM)));
        sb.append(
                String.format("Scheduling of the nodes: %s; load average at the end: %s%n", scheduling, loadAverage()));
        sb.append("| node | spurious VRRP transitions | real-server transitions | heap after GC first / last / max MB"
                + " | RSS first / last / max MB | threads first / last / max | fds first / last / max | timer pauses | timer max lateness ms"
                + " | longest GC pause ms | checks/s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (NodeFigures n : List.of(r.a(), r.b())) {
            long[] f = n.first();
            long[] l = n.last();
            double seconds = (l[UPTIME] - f[UPTIME]) / 1000.0;
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %d / %d / %d | %d / %d / %d | %d | %.1f | %.1f | %.0f |%n",
                    n.name(),
                    n.spuriousTransitions(),
                    l[RS_TRANSITIONS] - f[RS_TRANSITIONS],
                    f[HEAP] / 1048576.0,
                    l[HEAP] / 1048576.0,
                    n.max(HEAP) / 1048576.0,
                    f[RSS] / 1024.0,
                    l[RSS] / 1024.0,
                    n.max(RSS) / 1024.0,
                    f[THREADS],
                    l[THREADS],
                    n.max(THREADS),
                    f[FDS],
                    l[FDS],
                    n.max(FDS),
                    l[PAUSES] - f[PAUSES],
                    l[LATENESS] / 1000.0,
                    l[GC_PAUSE] / 1000.0,
                    seconds > 0 ? (l[ATTEMPTS] - f[ATTEMPTS]) / seconds : 0));
        }
        sb.append(String.format(
                "VIPs at the end: %d on a, %d on b (expected %d and 0)%n", r.vipsOnA(), r.vipsOnB(), p.instances()));
        return sb.toString();
    }
}
