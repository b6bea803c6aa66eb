package org.keepalivedj.benchmarks.vrrp;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.keepalivedj.netlink.ReceivedPacket;
import org.keepalivedj.netlink.VrrpSocket;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRootCondition;

/**
 * Failover time, keepalived-j against keepalived 2.2.7 in the same lab and run: a real keepalived
 * master (priority 150) is SIGKILLed; the backup under test (priority 100, keepalived or
 * keepalived-j) takes over. An observer namespace on the same bridge timestamps every advert; the
 * figure is (backup's first advert - master's last advert) - Master_Down_Interval, so 0 is the RFC
 * value. Prints p50/p99/min/max per scenario and implementation.
 * <p>
 * Run as root: {@code java -cp <benchmarks classpath> org.keepalivedj.benchmarks.vrrp.FailoverBenchmark}
 * (system property {@code runs}: failovers per scenario and implementation, default 5;
 * {@code fastRuns} for the sub-second intervals, default 15; {@code scenario}, e.g. "v3 advert_int 0.1", runs
 * only that one). The "first" column is the first takeover of a freshly started backup.
 */
public final class FailoverBenchmark {

    private record Advert(long nanos, InetAddress source, int priority) {}

    private record Scenario(int version, String interval, double seconds) {
        long masterDownNanos(int priority) {
            long adv = (long) Math.round(seconds * 1e9);
            return 3 * adv + (256L - priority) * adv / 256;
        }

        @Override
        public String toString() {
            return "v" + version + " advert_int " + interval;
        }
    }

    /** Every advert seen (a copy-on-write list made a GC storm at advert_int 0.01, pausing the observer). */
    private static final java.util.Queue<Advert> ADVERTS = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private static InetAddress master;
    private static InetAddress backup;

    private FailoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        RequiresRootCondition.missingPrerequisite().ifPresent(reason -> {
            System.err.println("FailoverBenchmark " + reason);
            System.exit(2);
        });
        int runs = Integer.getInteger("runs", 5);
        int fastRuns = Integer.getInteger("fastRuns", 15);
        master = InetAddress.getByName("192.0.2.1");
        backup = InetAddress.getByName("192.0.2.2");
        List<Scenario> scenarios = List.of(
                new Scenario(2, "1", 1),
                new Scenario(3, "1", 1),
                new Scenario(3, "0.1", 0.1),
                new Scenario(3, "0.01", 0.01));
        String only = System.getProperty("scenario"); // e.g. "v3 advert_int 0.1": just that one
        if (only != null) {
            scenarios =
                    scenarios.stream().filter(s -> s.toString().equals(only)).toList();
        }
        Path dir = Files.createTempDirectory("kj-failover");
        List<String> table = new ArrayList<>();
        try (NetLab lab = NetLab.create()) {
            Netns m = lab.node("m", "192.0.2.1/24");
            Netns b = lab.node("b", "192.0.2.2/24");
            Netns o = lab.node("o", "192.0.2.3/24");
            VrrpSocket observer = o.call(() -> VrrpSocket.openIpv4("eth0"));
            observer.joinGroup(VrrpSocket.GROUP_V4);
            Thread t = new Thread(() -> observe(observer), "observer");
            t.setDaemon(true);
            t.start();
            for (Scenario s : scenarios) {
                for (boolean ours : new boolean[] {false, true}) {
                    int n = s.seconds() < 1 ? fastRuns : runs;
                    List<Double> ms;
                    try {
                        ms = measure(s, ours, n, m, b, dir);
                    } catch (IllegalStateException e) {
                        // a loaded machine may not hold a 10 ms master steady: report, go on
                        System.err.println(s + (ours ? " keepalived-j: " : " keepalived: ") + e.getMessage());
                        ms = List.of();
                    }
                    table.add(row(s, ours, ms));
                    System.out.println(table.get(table.size() - 1));
                }
            }
            observer.close();
        }
        deleteTree(dir);
        System.out.println();
        System.out.println("Failover beyond Master_Down_Interval (backup priority 100), ms; 0 = the RFC value");
        System.out.println("first = the first takeover of a freshly started backup (cold JVM for keepalived-j)");
        System.out.printf(
                "%-22s %-13s %4s %8s %8s %8s %8s %8s%n",
                "scenario", "backup", "n", "p50", "p99", "min", "max", "first");
        table.forEach(System.out::println);
    }

    private static void observe(VrrpSocket s) {
        while (true) {
            ReceivedPacket p;
            try {
                p = s.receive(Duration.ofMillis(200));
            } catch (RuntimeException e) {
                return; // closed
            }
            if (p != null && p.payload().length > 2) {
                ADVERTS.add(new Advert(p.arrivalNanos(), p.source(), p.payload()[2] & 0xff)); // kernel receive time
            }
        }
    }

    private static List<Double> measure(Scenario s, boolean ours, int n, Netns m, Netns b, Path dir) throws Exception {
        Proc backupProc = start(b, dir, "b", conf(s, 100), ours);
        List<Double> samples = new ArrayList<>();
        try {
            Path log = dir.resolve("b.log");
            String ready = ours ? "STATE VI_1 BACKUP" : "(VI_1) Entering BACKUP STATE";
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!(Files.exists(log) && Files.readString(log).contains(ready))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("backup did not start: " + log);
                }
                Thread.sleep(20);
            }
            for (int i = 0; i < n; i++) {
                Proc masterProc = start(m, dir, "m", conf(s, 150), false);
                // converged: the master has sent for a while and the backup has been quiet since
                long quiet = (long) (s.seconds() * 1e9 * 6) + 1_500_000_000L;
                awaitQuietBackup(quiet, Duration.ofSeconds(30));
                long killedAt = System.nanoTime();
                masterProc.kill();
                Advert first = await(
                        Duration.ofSeconds(15),
                        a -> a.source().equals(backup) && a.nanos() > killedAt && a.priority() > 0);
                Advert last = null;
                for (Advert a : ADVERTS) {
                    // the master may get one more advert out between killedAt and its death
                    if (first != null && a.source().equals(master) && a.nanos() < first.nanos()) {
                        last = a;
                    }
                }
                if (first == null || last == null) {
                    System.err.println("no takeover seen in run " + i + " of " + s + (ours ? " ours" : " keepalived"));
                    continue;
                }
                samples.add((first.nanos() - last.nanos() - s.masterDownNanos(100)) / 1e6);
                m.exec("ip", "addr", "flush", "dev", "eth0", "to", "192.0.2.100/32");
            }
        } finally {
            backupProc.stop();
            b.exec("ip", "addr", "del", "192.0.2.100/24", "dev", "eth0");
        }
        return samples;
    }

    private static void awaitQuietBackup(long quietNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            long lastBackup = 0;
            boolean masterRecent = false;
            for (Advert a : ADVERTS) {
                if (a.source().equals(backup)) {
                    lastBackup = Math.max(lastBackup, a.nanos());
                }
                if (a.source().equals(master) && now - a.nanos() < 200_000_000L + quietNanos / 6) {
                    masterRecent = true;
                }
            }
            if (masterRecent && now - lastBackup > quietNanos) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the lab did not converge with the master in charge");
    }

    private static Advert await(Duration timeout, java.util.function.Predicate<Advert> p) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Advert a : ADVERTS) {
                if (p.test(a)) {
                    return a;
                }
            }
            Thread.sleep(5);
        }
        return null;
    }

    private static String conf(Scenario s, int priority) {
        return "global_defs {\n  router_id r" + priority + "\n  vrrp_version " + s.version() + "\n}\n"
                + "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n"
                + "  priority " + priority + "\n  advert_int " + s.interval() + "\n"
                + "  garp_master_delay 0\n  virtual_ipaddress {\n    192.0.2.100/24 dev eth0\n  }\n}\n";
    }

    private static String row(Scenario s, boolean ours, List<Double> ms) {
        if (ms.isEmpty()) {
            return String.format("%-22s %-13s %4d %8s", s, ours ? "keepalived-j" : "keepalived", 0, "(none)");
        }
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        double p50 = sorted.get((sorted.size() - 1) / 2);
        double p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        return String.format(
                "%-22s %-13s %4d %8.2f %8.2f %8.2f %8.2f %8.2f",
                s,
                ours ? "keepalived-j" : "keepalived",
                sorted.size(),
                p50,
                p99,
                sorted.get(0),
                sorted.get(sorted.size() - 1),
                ms.get(0));
    }

    /** A router process in a namespace, its output in a log file. */
    private static final class Proc {
        final Process process;

        Proc(Process process) {
            this.process = process;
        }

        void kill() throws Exception {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.add(process.toHandle());
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle h : all) {
                h.onExit().get();
            }
        }

        void stop() throws Exception {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor();
            kill();
        }
    }

    private static Proc start(Netns ns, Path dir, String name, String conf, boolean ours) throws Exception {
        Path confFile = dir.resolve(name + ".conf");
        Files.writeString(confFile, conf);
        for (String suffix : List.of(".pid", "-vrrp.pid", "-checkers.pid")) {
            Files.deleteIfExists(dir.resolve(name + suffix));
        }
        List<String> cmd = ours
                ? List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        VrrpNode.class.getName(),
                        confFile.toString(),
                        dir.resolve(name + "-data").toString())
                : List.of(
                        "keepalived",
                        "-n",
                        "-l",
                        "-D",
                        "-G",
                        "--vrrp",
                        "-f",
                        confFile.toString(),
                        "-p",
                        dir.resolve(name + ".pid").toString(),
                        "-r",
                        dir.resolve(name + "-vrrp.pid").toString(),
                        "-c",
                        dir.resolve(name + "-checkers.pid").toString());
        Files.createDirectories(dir.resolve(name + "-data"));
        StringBuilder shell = new StringBuilder("exec");
        for (String c : cmd) {
            shell.append(" '").append(c.replace("'", "'\\''")).append('\'');
        }
        Files.deleteIfExists(dir.resolve(name + ".log"));
        shell.append(" >>'").append(dir.resolve(name + ".log")).append("' 2>&1");
        return new Proc(ns.start("sh", "-c", shell.toString()));
    }

    /** Removes the run's configs, logs and state. */
    static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
