package org.keepalivedj.benchmarks.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keepalivedj.testsupport.Netns;

/**
 * One start of the keepalived-j distribution (bin/keepalived -n) in a namespace, measured: the
 * times come from the daemon's own log timestamps (first line, "Starting keepalived-j", the Nth
 * "Entering BACKUP STATE") and from Jolokia's first answer; memory is read once the daemon has
 * settled.
 */
final class KeepalivedJStart {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private final Distribution dist;
    private final Duration timeout;
    private final Duration settle;

    KeepalivedJStart(Distribution dist, Duration timeout, Duration settle) {
        this.dist = dist;
        this.timeout = timeout;
        this.settle = settle;
    }

    /** Starts, measures and stops the daemon; the data directory is kept (a second call is a restart). */
    Launch run(Netns ns, Path conf, Path data, int instances) throws Exception {
        long launched = System.currentTimeMillis();
        try (Distribution.Running daemon = dist.start(ns, conf, data)) {
            Path log = daemon.log();
            long deadline = System.nanoTime() + timeout.toNanos();
            double jolokia = Double.NaN;
            LogTimes times = LogTimes.NONE;
            while (System.nanoTime() < deadline && (Double.isNaN(jolokia) || Double.isNaN(times.backup))) {
                if (!daemon.process().isAlive()) {
                    throw new IllegalStateException(
                            "keepalived-j exited with " + daemon.process().exitValue() + "; see " + log);
                }
                if (Double.isNaN(times.backup)) {
                    times = LogTimes.read(log, launched, instances);
                }
                if (Double.isNaN(jolokia) && daemon.jolokiaAnswers()) {
                    jolokia = System.currentTimeMillis() - launched;
                }
                Thread.sleep(50);
            }
            if (Double.isNaN(times.backup) || Double.isNaN(jolokia)) {
                throw new IllegalStateException("keepalived-j did not reach BACKUP (" + instances
                        + " instances) and Jolokia within " + timeout + "; see " + log);
            }
            // A measurement interval, not a wait for a condition: memory is read after the same settle time each run.
            Thread.sleep(settle.toMillis());
            long pid = daemon.pid();
            double rss = ProcessMemory.rssKb(pid) / 1024.0;
            double[] gc = gcPauses(pid);
            jdk("jcmd", Long.toString(pid), "GC.run");
            double[] heap = heapAfterGc(pid);
            return new Launch(
                    times.firstLine,
                    times.daemon,
                    times.backup,
                    jolokia,
                    rss,
                    heap[0],
                    heap[1],
                    loadedClasses(pid),
                    gc[0],
                    gc[1]);
        }
    }

    /** Heap used and committed in MB, summed over the collector's generations (jcmd GC.heap_info). */
    static double[] heapAfterGc(long pid) throws Exception {
        double used = 0;
        double committed = 0;
        for (String line : jdk("jcmd", Long.toString(pid), "GC.heap_info").split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = HEAP.matcher(line);
            if (m.find()) {
                committed += Long.parseLong(m.group(1)) / 1024.0;
                used += Long.parseLong(m.group(2)) / 1024.0;
            }
        }
        return new double[] {used, committed};
    }

    /**
     * Collections since start (jstat -gc): the mean young pause in ms and the number of full
     * collections, read before the benchmark's own GC.run.
     */
    static double[] gcPauses(long pid) throws Exception {
        String[] lines = jdk("jstat", "-gc", Long.toString(pid)).trim().split("\n");
        List<String> names = List.of(lines[0].trim().split("\\s+"));
        String[] values = lines[lines.length - 1].trim().split("\\s+");
        double youngCount = Double.parseDouble(values[names.indexOf("YGC")]);
        double youngSeconds = Double.parseDouble(values[names.indexOf("YGCT")]);
        double fullCount = Double.parseDouble(values[names.indexOf("FGC")]);
        return new double[] {youngCount == 0 ? 0 : youngSeconds * 1000 / youngCount, fullCount};
    }

    /** Classes loaded so far (jstat -class: the first column of the second line). */
    static double loadedClasses(long pid) throws Exception {
        String[] lines = jdk("jstat", "-class", Long.toString(pid)).trim().split("\n");
        return Double.parseDouble(lines[lines.length - 1].trim().split("\\s+")[0]);
    }

    /** Runs a JDK tool next to the java running this benchmark and returns its output. */
    static String jdk(String tool, String... args) throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        List<String> command =
                new ArrayList<>(List.of(javaHome.resolve("bin").resolve(tool).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** Times (ms from launch) read from the daemon's log; NaN until the line is there. */
    record LogTimes(double firstLine, double daemon, double backup) {
        static final LogTimes NONE = new LogTimes(Double.NaN, Double.NaN, Double.NaN);

        static LogTimes read(Path log, long launched, int instances) throws IOException {
            if (!Files.exists(log)) {
                return NONE;
            }
            double first = Double.NaN;
            double daemon = Double.NaN;
            double backup = Double.NaN;
            int backups = 0;
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.length() < 23 || !Character.isDigit(line.charAt(0))) {
                    continue;
                }
                if (Double.isNaN(first)) {
                    first = at(line, launched);
                }
                if (Double.isNaN(daemon) && line.contains("Starting keepalived-j")) {
                    daemon = at(line, launched);
                }
                if (line.contains("Entering BACKUP STATE") && ++backups == instances) {
                    backup = at(line, launched);
                }
            }
            return new LogTimes(first, daemon, backup);
        }

        private static double at(String line, long launched) {
            long t = LocalDateTime.parse(line.substring(0, 23), LOG_TIME)
                    .atZone(ZoneId.systemDefault())
                    .toInstant()
                    .toEpochMilli();
            return t - launched;
        }
    }
}
