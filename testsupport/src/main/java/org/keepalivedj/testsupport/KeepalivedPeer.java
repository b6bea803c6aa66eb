package org.keepalivedj.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's keepalived 2.2.7 as a peer in a namespace, in the foreground ({@code -n}), by default
 * logging in detail to its console ({@code -l -D}), every file of it in one directory under its
 * name: NAME.conf, NAME.log (its console, appended to), and its pid files NAME.pid, NAME-vrrp.pid,
 * NAME-checkers.pid, NAME-bfd.pid (so that peers never share keepalived's default pid files in /run).
 */
public final class KeepalivedPeer implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/keepalived");

    private static final List<String> PID_FILES = List.of(".pid", "-vrrp.pid", "-checkers.pid", "-bfd.pid");

    private final Path dir;
    private final String name;
    private final Process process;
    private boolean ended;

    private KeepalivedPeer(Path dir, String name, Process process) {
        this.dir = dir;
        this.name = name;
        this.process = process;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Skips the calling test where keepalived 2.2.7 is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), "keepalived 2.2.7 (" + BINARY + ") is not installed");
    }

    /**
     * keepalived's command-line options besides {@code -n} and its files, and the niceness it runs
     * at ({@code nice -n}, which execs it: the process is keepalived's own).
     */
    public record Options(List<String> arguments, int niceness) {

        public Options {
            arguments = List.copyOf(arguments);
        }

        /** {@code -l -D} (its console, NAME.log, logs in detail) and these, at niceness 0. */
        public static Options logged(String... more) {
            List<String> arguments = new ArrayList<>(List.of("-l", "-D"));
            arguments.addAll(List.of(more));
            return new Options(arguments, 0);
        }

        /** Only these: nothing on its console, so that a measurement counts no console logging. */
        public static Options quiet(String... arguments) {
            return new Options(List.of(arguments), 0);
        }

        /** The same options at this niceness (as a service unit's Nice=). */
        public Options niceness(int niceness) {
            return new Options(arguments, niceness);
        }
    }

    /**
     * Writes the config to NAME.conf and starts keepalived on it in the namespace, with these
     * options (for instance {@code --vrrp}) besides {@code -n -l -D} and the files.
     */
    public static KeepalivedPeer start(Netns ns, Path dir, String name, String config, String... options)
            throws IOException {
        return start(ns, dir, name, config, Options.logged(options));
    }

    /** As {@link #start(Netns, Path, String, String, String...)}, with other options or a niceness. */
    public static KeepalivedPeer start(Netns ns, Path dir, String name, String config, Options options)
            throws IOException {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, config);
        // a killed keepalived leaves its pid files; keepalived would take them for a running daemon
        for (String suffix : PID_FILES) {
            Files.deleteIfExists(dir.resolve(name + suffix));
        }
        List<String> command = new ArrayList<>();
        if (options.niceness() != 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(options.niceness())));
        }
        command.addAll(List.of(BINARY.toString(), "-n"));
        command.addAll(options.arguments());
        command.addAll(List.of("-f", conf.toString()));
        List<String> pidOptions = List.of("-p", "-r", "-c", "-b");
        for (int i = 0; i < PID_FILES.size(); i++) {
            command.add(pidOptions.get(i));
            command.add(dir.resolve(name + PID_FILES.get(i)).toString());
        }
        return new KeepalivedPeer(dir, name, ns.startLogged(dir.resolve(name + ".log"), command));
    }

    /** Waits until keepalived has written its pid file; throws if it exits or takes longer than the timeout. */
    public KeepalivedPeer awaitRunning(Duration timeout) throws InterruptedException {
        return awaitPidFile(dir.resolve(name + ".pid"), timeout);
    }

    /** Waits until keepalived's child ("vrrp", "checkers" or "bfd") has started: its pid file is there. */
    public KeepalivedPeer awaitChild(String child, Duration timeout) throws InterruptedException {
        return awaitPidFile(dir.resolve(name + "-" + child + ".pid"), timeout);
    }

    private KeepalivedPeer awaitPidFile(Path pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && !Files.exists(pid)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        pid.getFileName() + " not written within " + timeout + ": " + logText());
            }
            Thread.sleep(10);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + logText());
        }
        return this;
    }

    public Path config() {
        return dir.resolve(name + ".conf");
    }

    public Path log() {
        return dir.resolve(name + ".log");
    }

    /** What keepalived has logged so far ("" before its first line). */
    public String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** keepalived's parent process; its children (VRRP, checkers, BFD) are its descendants. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as an operator stops it: keepalived sends priority 0 and removes its addresses. */
    public void stop() throws Exception {
        if (!ended) {
            ended = true;
            ProcessTree.stop(process);
        }
    }

    /** SIGKILL of all of its processes at once: no priority 0, its addresses and pid files stay behind. */
    public void kill() throws Exception {
        if (!ended) {
            ended = true;
            ProcessTree.kill(process, config().toString());
        }
    }

    /** Stops it gracefully unless it was stopped or killed already. */
    @Override
    public void close() throws Exception {
        stop();
    }
}
