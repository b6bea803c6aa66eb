package org.keepalivedj.benchmarks.startup;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keepalivedj.testsupport.Netns;

/**
 * The keepalived-j distribution (karaf-assembly/target/assembly) started as an operator does:
 * {@code bin/keepalived -n -f CONF --data DIR} in a network namespace, so with bin/setenv's JVM
 * flags ({@code KEEPALIVEDJ_JAVA_OPTS} in this process's environment replaces them).
 */
public final class Distribution {
    private static final Pattern VIEWER = Pattern.compile("\\s*viewer\\s*=\\s*([^,]+),.*");

    private final Path home;

    private Distribution(Path home) {
        this.home = home;
    }

    /** The distribution in {@code -Ddist}, default karaf-assembly/target/assembly from the working directory. */
    public static Distribution fromProperty() {
        Path home = Path.of(System.getProperty("dist", "karaf-assembly/target/assembly"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isExecutable(home.resolve("bin/keepalived"))) {
            throw new IllegalStateException(
                    "no distribution at " + home + " (build karaf-assembly, or pass -Ddist=DIR)");
        }
        return new Distribution(home);
    }

    Path home() {
        return home;
    }

    @Override
    public String toString() {
        return home.toString();
    }

    /** Starts the daemon; its log starts empty ({@code DATA/log/keepalived.log}); the data directory is kept. */
    public Running start(Netns ns, Path conf, Path data) throws IOException {
        Path log = data.resolve("log/keepalived.log");
        Files.deleteIfExists(log);
        Files.deleteIfExists(data.resolve("keepalived.pid"));
        Files.createDirectories(data);
        Process process = ns.start(
                home.resolve("bin/keepalived").toString(), "-n", "-f", conf.toString(), "--data", data.toString());
        Path console = data.resolve("console.out");
        drain(process.getInputStream(), console);
        return new Running(this, ns, process, data, log);
    }

    /** A started daemon; {@link #close()} stops it with SIGTERM, as an operator would. */
    public static final class Running implements AutoCloseable {
        private final Distribution dist;
        private final Netns ns;
        private final Process process;
        private final Path data;
        private final Path log;

        Running(Distribution dist, Netns ns, Process process, Path data, Path log) {
            this.dist = dist;
            this.ns = ns;
            this.process = process;
            this.data = data;
            this.log = log;
        }

        public Path log() {
            return log;
        }

        public Process process() {
            return process;
        }

        /** The JVM's process id, from the pid file bin/keepalived writes before it becomes the JVM. */
        public long pid() throws IOException {
            return Long.parseLong(
                    Files.readString(data.resolve("keepalived.pid")).trim());
        }

        /**
         * The last lines the daemon printed other than Karaf's debug lines: what a dying JVM said
         * (glibc's and HotSpot's last words), for an error message.
         */
        public String lastConsoleLines() {
            try {
                List<String> lines = Files.readAllLines(data.resolve("console.out"), StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.startsWith("[DEBUG]"))
                        .toList();
                return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
            } catch (IOException e) {
                return "(none)";
            }
        }

        /** Waits until the log holds {@code text} {@code times} times; polls every 2 ms. */
        public void awaitLog(String text, int times, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count(text) < times) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("keepalived-j exited with " + process.exitValue() + "; console: "
                            + lastConsoleLines() + "; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("keepalived-j did not log \"" + text + "\" " + times
                            + " times within " + timeout + "; see " + log);
                }
                Thread.sleep(2);
            }
        }

        /** True once Jolokia, the last part of the container to start, answers the viewer login. */
        public boolean jolokiaAnswers() throws Exception {
            String password = dist.viewerPassword();
            return ns.call(() -> {
                try {
                    HttpURLConnection c = (HttpURLConnection)
                            new URL("http://127.0.0.1:8181/jolokia/read/keepalived:type=Daemon/Version")
                                    .openConnection();
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

        /** Waits until the whole container has started: Jolokia answers. */
        public void awaitStarted(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!jolokiaAnswers()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "keepalived-j's Jolokia did not answer within " + timeout + "; see " + log);
                }
                Thread.sleep(50);
            }
        }

        private int count(String text) throws IOException {
            if (!Files.exists(log)) {
                return 0;
            }
            String all = Files.readString(log, StandardCharsets.UTF_8);
            int n = 0;
            for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + text.length())) {
                n++;
            }
            return n;
        }

        @Override
        public void close() throws Exception {
            Path pidFile = data.resolve("keepalived.pid");
            if (Files.exists(pidFile)) {
                ProcessHandle.of(pid()).ifPresent(h -> {
                    h.destroy();
                    h.onExit()
                            .orTimeout(60, TimeUnit.SECONDS)
                            .exceptionally(e -> {
                                h.destroyForcibly();
                                return h;
                            })
                            .join();
                });
            }
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The viewer login's password: bin/passwords gives the logins random ones at the first start
     * (etc/users.properties, {@code viewer = PASSWORD, _g_:viewergroup}).
     */
    private String viewerPassword() throws IOException {
        Path users = home.resolve("etc/users.properties");
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

    /**
     * Copies a process's output to a file, so it never blocks on a full pipe and what a dying JVM
     * printed is there to report.
     */
    private static void drain(InputStream in, Path file) {
        Thread t = new Thread(
                () -> {
                    try (in) {
                        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        // the process is gone
                    }
                },
                "drain");
        t.setDaemon(true);
        t.start();
    }
}
