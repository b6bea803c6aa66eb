package org.keepalivedj.benchmarks.startup;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
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
    private static final Pattern VIEWER = Pattern.compile("\\s*viewer\\s*=\\s*([^,]+),.*");

    private final Path dist;
    private final Duration timeout;
    private final Duration settle;

    KeepalivedJStart(Path dist, Duration timeout, Duration settle) {
        this.dist = dist;
        this.timeout = timeout;
        this.settle = settle;
    }

    /** Starts, measures and stops the daemon; the data directory is kept (a second call is a restart). */
    Launch run(Netns ns, Path conf, Path data, int instances) throws Exception {
        Path log = data.resolve("log/keepalived.log");
        Files.deleteIfExists(log);
        Files.deleteIfExists(data.resolve("keepalived.pid"));
        Files.createDirectories(data);
        long launched = System.currentTimeMillis();
        Process process = ns.start(
                dist.resolve("bin/keepalived").toString(), "-n", "-f", conf.toString(), "--data", data.toString());
        Path console = data.resolve("console.out");
        drain(process.getInputStream(), console);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            double jolokia = Double.NaN;
            LogTimes times = LogTimes.NONE;
            while (System.nanoTime() < deadline && (Double.isNaN(jolokia) || Double.isNaN(times.backup))) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("keepalived-j exited with " + process.exitValue() + "; console: "
                            + lastLines(console) + "; see " + log);
                }
                if (Double.isNaN(times.backup)) {
                    times = LogTimes.read(log, launched, instances);
                }
                if (Double.isNaN(jolokia) && jolokiaAnswers(ns, viewerPassword())) {
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
            long pid = Long.parseLong(
                    Files.readString(data.resolve("keepalived.pid")).trim());
            if (!process.isAlive()) {
                throw new IllegalStateException("keepalived-j exited with " + process.exitValue()
                        + " after BACKUP; console: " + lastLines(console) + "; see " + log);
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
        } finally {
            stop(process, data);
        }
    }

    private static void stop(Process process, Path data) throws Exception {
        Path pidFile = data.resolve("keepalived.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            ProcessHandle.of(pid)
                    .ifPresent(h -> h.onExit()
                            .orTimeout(60, TimeUnit.SECONDS)
                            .exceptionally(e -> {
                                h.destroyForcibly();
                                return h;
                            })
                            .join());
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The viewer login's password: bin/passwords gives the logins random ones at the first start
     * (etc/users.properties, {@code viewer = PASSWORD, _g_:viewergroup}).
     */
    private String viewerPassword() throws IOException {
        Path users = dist.resolve("etc/users.properties");
        if (Files.exists(users)) {
            for (String line : Files.readAllLines(users, StandardCharsets.UTF_8)) {
                Matcher m = VIEWER.matcher(line);
                if (m.matches()) {
                    return m.group(1).trim();
                }
            }
        }
        return "viewer";
    }

    private static boolean jolokiaAnswers(Netns ns, String password) throws Exception {
        return ns.call(() -> {
            try {
                HttpURLConnection c = (HttpURLConnection)
                        new URL("http://127.0.0.1:8181/jolokia/read/keepalived:type=Daemon/Version").openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                c.setRequestProperty("Connection", "close");
                c.setRequestProperty(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("viewer:" + password).getBytes(StandardCharsets.UTF_8)));
                if (c.getResponseCode() != 200) {
                    return false;
                }
                try (InputStream in = c.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"status\":200");
                }
            } catch (IOException e) {
                return false;
            }
        });
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

    /**
     * Copies a process's output to a file, so it never blocks on a full pipe and what a dying JVM
     * printed (glibc's and HotSpot's last words) is there to report.
     */
    static void drain(InputStream in, Path file) {
        Thread t = new Thread(
                () -> {
                    try (in) {
                        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        // the process is gone
                    }
                },
                "drain");
        t.setDaemon(true);
        t.start();
    }

    /** The last lines of a file other than Karaf's debug lines, for an error message. */
    private static String lastLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.startsWith("[DEBUG]"))
                    .toList();
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(none)";
        }
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
