package org.keepalivedj.benchmarks.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.keepalivedj.testsupport.Netns;

/**
 * One start of the keepalived-j distribution (bin/keepalived -n) in a namespace, measured: the
 * times come from the daemon's own log timestamps (first line, "Starting keepalived-j", the Nth
 * "Entering BACKUP STATE") and from Jolokia's first answer; memory is read once the daemon has
 * settled.
 */
final class KeepalivedJStart {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

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
                            "keepalived-j exited with " + daemon.process().exitValue() + "; console: "
                                    + daemon.lastConsoleLines() + "; see " + log);
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
            if (!daemon.process().isAlive()) {
                throw new IllegalStateException(
                        "keepalived-j exited with " + daemon.process().exitValue() + " after BACKUP; console: "
                                + daemon.lastConsoleLines() + "; see " + log);
            }
            double rss = ProcessMemory.rssKb(pid) / 1024.0;
            double[] gc = gcPauses(pid);
            ProcessMemory.jdk("jcmd", Long.toString(pid), "GC.run");
            double[] heap = ProcessMemory.heap(pid);
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

    /**
     * Collections since start (jstat -gc): the mean young pause in ms and the number of full
     * collections, read before the benchmark's own GC.run.
     */
    static double[] gcPauses(long pid) throws Exception {
        String[] lines =
                ProcessMemory.jdk("jstat", "-gc", Long.toString(pid)).trim().split("\n");
        List<String> names = List.of(lines[0].trim().split("\\s+"));
        String[] values = lines[lines.length - 1].trim().split("\\s+");
        double youngCount = Double.parseDouble(values[names.indexOf("YGC")]);
        double youngSeconds = Double.parseDouble(values[names.indexOf("YGCT")]);
        double fullCount = Double.parseDouble(values[names.indexOf("FGC")]);
        return new double[] {youngCount == 0 ? 0 : youngSeconds * 1000 / youngCount, fullCount};
    }

    /** Classes loaded so far (jstat -class: the first column of the second line). */
    static double loadedClasses(long pid) throws Exception {
        String[] lines =
                ProcessMemory.jdk("jstat", "-class", Long.toString(pid)).trim().split("\n");
        return Double.parseDouble(lines[lines.length - 1].trim().split("\\s+")[0]);
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
