package org.keepalivedj.benchmarks.vrrp;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.keepalivedj.benchmarks.startup.Distribution;
import org.keepalivedj.netlink.ReceivedPacket;
import org.keepalivedj.netlink.VrrpSocket;
import org.keepalivedj.testsupport.KeepalivedPeer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRootCondition;

/**
 * Failover time, the keepalived-j distribution against keepalived 2.2.7 in the same lab and run: a
 * real keepalived master (priority 150) is SIGKILLed; the backup under test (priority 100) takes
 * over. keepalived-j is the shipped distribution (karaf-assembly/target/assembly, or {@code -Ddist})
 * started as an operator does, bin/keepalived -n with bin/setenv's JVM flags, in its own network
 * namespace, on a generated keepalived.conf. An observer namespace on the same bridge timestamps
 * every advert (the kernel's receive time); the figure is (backup's first advert - master's last
 * advert) - Master_Down_Interval, so 0 is the RFC value.
 * <p>
 * Two measures per scenario and implementation: takeovers by a backup that has been running
 * (started once, then a master started, converged and killed, {@code runs} times), and the first
 * takeover after a start (a master is live, the backup is started, the master is killed at its first
 * advert after the backup logs "Entering BACKUP STATE", {@code firstRuns} times; each a restart of the daemon on
 * its data directory but the first, which starts on an empty one). Prints p50/p99/min/max of each.
 * <p>
 * Run as root from the top of a checkout: {@code java -cp <benchmarks classpath>
 * org.keepalivedj.benchmarks.vrrp.FailoverBenchmark} (system properties: {@code runs}, takeovers per
 * scenario and implementation at advert_int 1, default 10; {@code fastRuns} at the sub-second
 * intervals, default 30; {@code firstRuns}, default 5; {@code scenario}, e.g. "v3 advert_int 0.1",
 * runs only that one; {@code dist}, the distribution; {@code keep=true} keeps the configs and logs).
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

    private static final String BACKUP_LINE = "Entering BACKUP STATE";

    /** Every advert seen (a copy-on-write list made a GC storm at advert_int 0.01, pausing the observer). */
    private static final java.util.Queue<Advert> ADVERTS = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private static InetAddress master;
    private static InetAddress backup;
    private static Distribution dist;

    private FailoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        RequiresRootCondition.missingPrerequisite().ifPresent(reason -> {
            System.err.println("FailoverBenchmark " + reason);
            System.exit(2);
        });
        dist = Distribution.fromProperty();
        int runs = Integer.getInteger("runs", 10);
        int fastRuns = Integer.getInteger("fastRuns", 30);
        int firstRuns = Integer.getInteger("firstRuns", 5);
        master = InetAddress.getByName("192.0.2.1");
        backup = InetAddress.getByName("192.0.2.2");
        List<Scenario> scenarios =
                List.of(new Scenario(2, "1", 1), new Scenario(3, "0.1", 0.1), new Scenario(3, "0.01", 0.01));
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
                    List<Double> running = List.of();
                    List<Double> first = List.of();
                    try {
                        running = measure(s, ours, n, m, b, dir);
                        first = firstTakeovers(s, ours, firstRuns, m, b, dir);
                    } catch (IllegalStateException e) {
                        // a loaded machine may not hold a 10 ms master steady: report, go on
                        System.err.println(s + (ours ? " keepalived-j: " : " keepalived: ") + e.getMessage());
                    }
                    table.add(row(s, ours, "running", running));
                    table.add(row(s, ours, "first", first));
                    System.out.println(table.get(table.size() - 2));
                    System.out.println(table.get(table.size() - 1));
                }
            }
            observer.close();
        }
        if (Boolean.getBoolean("keep")) {
            System.out.println("configs and logs kept in " + dir);
        } else {
            deleteTree(dir);
        }
        System.out.println();
        System.out.println("Failover beyond Master_Down_Interval (backup priority 100), ms; 0 = the RFC value; "
                + "keepalived-j = the distribution " + dist + "; load average " + loadAverage());
        System.out.println(
                "running = takeovers by a backup started before its master; "
                        + "first = the first takeover after a start (master killed at its first advert after the backup logs BACKUP)");
        System.out.printf(
                "%-22s %-13s %-8s %4s %8s %8s %8s %8s%n",
                "scenario", "backup", "takeover", "n", "p50", "p99", "min", "max");
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

    /**
     * Takeovers by a backup that runs throughout, once it has started all of its parts: a master
     * started, converged and killed n times.
     */
    private static List<Double> measure(Scenario s, boolean ours, int n, Netns m, Netns b, Path dir) throws Exception {
        List<Double> samples = new ArrayList<>();
        try (Backup backupProc = startBackup(s, ours, b, dir)) {
            backupProc.awaitBackup();
            backupProc.awaitStarted();
            for (int i = 0; i < n; i++) {
                KeepalivedPeer masterProc = startKeepalived(m, dir, "m", conf(s, 150));
                // converged: the master has sent for a while and the backup has been quiet since
                long quiet = (long) (s.seconds() * 1e9 * 6) + 1_500_000_000L;
                awaitQuietBackup(quiet, Duration.ofSeconds(30));
                takeover(s, ours, masterProc, m).ifPresent(samples::add);
            }
        } finally {
            b.exec("ip", "addr", "del", "192.0.2.100/24", "dev", "eth0");
        }
        return samples;
    }

    /** The first takeover after each of n starts: the master is live, killed as soon as the backup reports BACKUP. */
    private static List<Double> firstTakeovers(Scenario s, boolean ours, int n, Netns m, Netns b, Path dir)
            throws Exception {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            KeepalivedPeer masterProc = startKeepalived(m, dir, "m", conf(s, 150));
            long started = System.nanoTime();
            if (await(Duration.ofSeconds(15), a -> a.source().equals(master) && a.nanos() > started) == null) {
                masterProc.kill();
                throw new IllegalStateException("the master did not start sending");
            }
            try (Backup backupProc = startBackup(s, ours, b, dir)) {
                backupProc.awaitBackup();
                // Master_Down runs from entering BACKUP until an advert restarts it: killing the master at
                // its next advert makes that advert the start, as it is for the running backup
                long reported = System.nanoTime();
                await(Duration.ofSeconds(5), a -> a.source().equals(master) && a.nanos() > reported);
                takeover(s, ours, masterProc, m).ifPresent(samples::add);
            } finally {
                b.exec("ip", "addr", "del", "192.0.2.100/24", "dev", "eth0");
            }
        }
        return samples;
    }

    /** Kills the master; the backup's first advert after, less the master's last before it, less Master_Down. */
    private static java.util.Optional<Double> takeover(Scenario s, boolean ours, KeepalivedPeer masterProc, Netns m)
            throws Exception {
        long killedAt = System.nanoTime();
        masterProc.kill();
        Advert first = await(
                Duration.ofSeconds(15), a -> a.source().equals(backup) && a.nanos() > killedAt && a.priority() > 0);
        Advert last = null;
        for (Advert a : ADVERTS) {
            // the master may get one more advert out between killedAt and its death
            if (first != null && a.source().equals(master) && a.nanos() < first.nanos()) {
                last = a;
            }
        }
        m.exec("ip", "addr", "flush", "dev", "eth0", "to", "192.0.2.100/32");
        if (first == null || last == null) {
            System.err.println("no takeover seen in " + s + (ours ? " keepalived-j" : " keepalived"));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of((first.nanos() - last.nanos() - s.masterDownNanos(100)) / 1e6);
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

    private static String row(Scenario s, boolean ours, String takeover, List<Double> ms) {
        String name = ours ? "keepalived-j" : "keepalived";
        if (ms.isEmpty()) {
            return String.format("%-22s %-13s %-8s %4d %8s", s, name, takeover, 0, "(none)");
        }
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        double p50 = sorted.get((sorted.size() - 1) / 2);
        double p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        return String.format(
                "%-22s %-13s %-8s %4d %8.2f %8.2f %8.2f %8.2f   %s",
                s,
                name,
                takeover,
                sorted.size(),
                p50,
                p99,
                sorted.get(0),
                sorted.get(sorted.size() - 1),
                ms.stream().map(v -> String.format("%.2f", v)).toList());
    }

    /** The backup under test: keepalived 2.2.7, or the keepalived-j distribution. */
    private interface Backup extends AutoCloseable {
        /** Waits until the daemon has logged that it entered BACKUP. */
        void awaitBackup() throws Exception;

        /** Waits until the daemon has started all of its parts (keepalived-j's container goes on after BACKUP). */
        default void awaitStarted() throws Exception {}
    }

    private static Backup startBackup(Scenario s, boolean ours, Netns b, Path dir) throws Exception {
        if (ours) {
            Path conf = dir.resolve("b.conf");
            Files.writeString(conf, conf(s, 100));
            Distribution.Running daemon = dist.start(b, conf, dir.resolve("b-data"));
            return new Backup() {
                @Override
                public void awaitBackup() throws Exception {
                    daemon.awaitLog(BACKUP_LINE, 1, Duration.ofSeconds(120));
                }

                @Override
                public void awaitStarted() throws Exception {
                    daemon.awaitStarted(Duration.ofSeconds(120));
                }

                @Override
                public void close() throws Exception {
                    daemon.close();
                }
            };
        }
        KeepalivedPeer proc = startKeepalived(b, dir, "b", conf(s, 100));
        return new Backup() {
            @Override
            public void awaitBackup() throws Exception {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!proc.logText().contains(BACKUP_LINE)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("keepalived did not reach BACKUP: " + proc.log());
                    }
                    Thread.sleep(2);
                }
            }

            @Override
            public void close() throws Exception {
                proc.stop();
            }
        };
    }

    /** keepalived 2.2.7, VRRP only, in the foreground, its console in NAME.log (a fresh one each start). */
    private static KeepalivedPeer startKeepalived(Netns ns, Path dir, String name, String conf) throws Exception {
        Files.deleteIfExists(dir.resolve(name + ".log"));
        return KeepalivedPeer.start(ns, dir, name, conf, "-G", "--vrrp");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** Removes the run's configs, logs and state. */
    static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
