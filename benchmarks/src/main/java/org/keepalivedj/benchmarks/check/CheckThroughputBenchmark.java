package org.keepalivedj.benchmarks.check;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.http.HttpCheckFactory;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.check.tcp.TcpCheckFactory;
import org.keepalivedj.config.checkers.HttpCheckSpec;
import org.keepalivedj.config.checkers.SimpleCheckSpec;
import org.keepalivedj.testsupport.Nginx;

/**
 * Checks per second and CPU per 1,000 checks for TCP_CHECK and HTTP_GET against a local nginx (a
 * separate process, so the CPU measured is the checker's own). Runs a warm-up, then several rounds
 * of N checks with C in flight, and prints the median and the spread.
 *
 * <pre>java -cp benchmarks/target/... org.keepalivedj.benchmarks.check.CheckThroughputBenchmark [checks] [inFlight] [rounds]</pre>
 */
public final class CheckThroughputBenchmark {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private CheckThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int checks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        if (!Nginx.installed()) {
            System.err.println("nginx is needed (apt-get install nginx-light)");
            System.exit(2);
        }
        Path dir = Files.createTempDirectory("kj-bench-nginx");
        int port = freePort();
        Nginx nginx = startNginx(dir, port);
        try (NettyCheckRuntime runtime = new NettyCheckRuntime(0, 1)) {
            CheckTarget target = new CheckTarget("bench", new Endpoint(LOOPBACK, port));
            CheckerSettings settings = new CheckerSettings(
                    null,
                    0,
                    null,
                    0,
                    null,
                    0,
                    false,
                    false,
                    new CheckTiming(null, null, null, Duration.ofSeconds(5), null));
            HealthChecker tcp = new TcpCheckFactory(runtime)
                    .create(new SimpleCheckSpec("TCP_CHECK", Origin.NONE, settings), target);
            HealthChecker http = new HttpCheckFactory(runtime)
                    .create(
                            new HttpCheckSpec(
                                    "HTTP_GET",
                                    Origin.NONE,
                                    settings,
                                    null,
                                    "1.1",
                                    false,
                                    null,
                                    false,
                                    false,
                                    List.of(new HttpCheckSpec.Url(
                                            Origin.NONE,
                                            "/",
                                            null,
                                            List.of(),
                                            null,
                                            null,
                                            false,
                                            List.of(),
                                            0,
                                            null,
                                            false))),
                            target);
            System.out.printf(
                    Locale.ROOT,
                    "checker throughput: %d checks per round, %d in flight, %d rounds, %d cores, %s event loops%n",
                    checks,
                    inFlight,
                    rounds,
                    Runtime.getRuntime().availableProcessors(),
                    runtime.nativeTransport() ? "epoll" : "NIO");
            System.out.printf(
                    Locale.ROOT,
                    "%-10s %14s %18s %22s%n",
                    "checker",
                    "checks/s (med)",
                    "spread (min-max)",
                    "CPU ms / 1,000 checks");
            for (var entry : List.of(new Object[] {"TCP_CHECK", tcp}, new Object[] {"HTTP_GET", http})) {
                HealthChecker checker = (HealthChecker) entry[1];
                run(checker, Math.min(checks, 5_000), inFlight); // warm-up
                List<double[]> results = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    results.add(run(checker, checks, inFlight));
                }
                results.sort(Comparator.comparingDouble(a -> a[0]));
                double[] median = results.get(results.size() / 2);
                results.sort(Comparator.comparingDouble(a -> a[1]));
                double cpuMedian = results.get(results.size() / 2)[1];
                System.out.printf(
                        Locale.ROOT,
                        "%-10s %14.0f %18s %22.1f%n",
                        entry[0],
                        median[0],
                        String.format(
                                Locale.ROOT,
                                "%.0f-%.0f",
                                results.stream().mapToDouble(a -> a[0]).min().orElse(0),
                                results.stream().mapToDouble(a -> a[0]).max().orElse(0)),
                        cpuMedian);
            }
            System.out.println(
                    "anchor: none measured side by side (keepalived's checker process will not start without IPVS, which this kernel lacks)");
        } finally {
            nginx.close();
        }
    }

    /** {checks per second, process CPU ms per 1,000 checks}; fails if any check is down. */
    private static double[] run(HealthChecker checker, int checks, int inFlight) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Semaphore slots = new Semaphore(inFlight);
        AtomicInteger down = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(checks);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < checks; i++) {
            slots.acquire();
            checker.check().whenComplete((r, e) -> {
                if (e != null || !r.up()) {
                    down.incrementAndGet();
                }
                slots.release();
                if (left.decrementAndGet() == 0) {
                    all.complete(null);
                }
            });
        }
        all.get(5, TimeUnit.MINUTES);
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime();
        if (down.get() > 0) {
            throw new IllegalStateException(down.get() + " of " + checks + " checks were down");
        }
        return new double[] {checks / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e6 / (checks / 1000.0)};
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static Nginx startNginx(Path dir, int port) throws Exception {
        return Nginx.start(
                dir,
                "worker_processes 1;\nevents { worker_connections 4096; }",
                "access_log off;\nserver { listen 127.0.0.1:" + port
                        + " backlog=4096; location / { return 200 'ok'; } }",
                new InetSocketAddress(LOOPBACK, port));
    }
}
