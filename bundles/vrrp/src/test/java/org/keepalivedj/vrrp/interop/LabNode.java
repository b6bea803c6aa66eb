package org.keepalivedj.vrrp.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.keepalivedj.testsupport.Netns;

/**
 * A VRRP router in a lab namespace: real keepalived or our {@link NodeMain}, as a process whose
 * output goes to a log file. Graceful stop is SIGTERM, a crash is SIGKILL (of every process of it).
 */
final class LabNode {

    final Netns ns;
    final String name;
    final Path dir;
    final boolean keepalived;
    private Process process;

    LabNode(Netns ns, String name, Path dir, boolean keepalived) {
        this.ns = ns;
        this.name = name;
        this.dir = dir;
        this.keepalived = keepalived;
    }

    /** Skips the test where Debian's keepalived 2.2.7 is not installed. */
    static void assumeKeepalived() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/keepalived")),
                "real keepalived (/usr/sbin/keepalived) is not installed");
    }

    Path log() {
        return dir.resolve(name + ".log");
    }

    void start(String conf) throws IOException, InterruptedException {
        Path confFile = dir.resolve(name + ".conf");
        Files.writeString(confFile, conf);
        List<String> cmd = new ArrayList<>();
        if (keepalived) {
            cmd.addAll(List.of(
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
                    dir.resolve(name + "-checkers.pid").toString()));
        } else {
            Path data = dir.resolve(name + "-data");
            Files.createDirectories(data);
            cmd.addAll(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Xshare:auto",
                    "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                    "-cp",
                    System.getProperty("java.class.path"),
                    NodeMain.class.getName(),
                    confFile.toString(),
                    data.toString()));
        }
        String shell =
                "exec " + String.join(" ", cmd.stream().map(LabNode::quote).toList()) + " >>" + quote(log().toString())
                        + " 2>&1";
        process = ns.start("sh", "-c", shell);
        Path pid = dir.resolve(name + ".pid");
        if (!eventually(
                Duration.ofSeconds(15),
                () -> !process.isAlive()
                        || (keepalived ? Files.exists(pid) : logText().contains("STARTED")))) {
            throw new IllegalStateException(name + " did not start: " + logText());
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + logText()
                    + new String(process.getInputStream().readAllBytes()) + " command: " + shell);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** SIGTERM and wait: keepalived and our node both send priority 0 and remove their VIPs. */
    void stop() throws Exception {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor();
        waitUntil(Duration.ofSeconds(5), () -> process.descendants().findAny().isEmpty());
        process = null;
    }

    /** SIGKILL everything at once: no priority 0, addresses stay behind. */
    void kill() throws Exception {
        if (process == null) {
            return;
        }
        // The parent first, so it cannot start a new VRRP child for one killed before it; then
        // every process of this node, found by its config file in the command line (a child the
        // parent forked at the last moment is no longer its descendant once the parent is gone).
        List<ProcessHandle> all = new ArrayList<>(List.of(process.toHandle()));
        all.addAll(process.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        String mine = dir.resolve(name + ".conf").toString();
        ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(mine)).orElse(false))
                .forEach(h -> {
                    h.destroyForcibly();
                    all.add(h);
                });
        for (ProcessHandle h : all) {
            h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        process = null;
        // a killed keepalived leaves its pid files; the next start would take them for a running daemon
        for (String suffix : List.of(".pid", "-vrrp.pid", "-checkers.pid")) {
            Files.deleteIfExists(dir.resolve(name + suffix));
        }
    }

    boolean holds(String vip) {
        return ns.exec("ip", "-o", "addr", "show", "dev", "eth0").stdout().contains(" " + vip + "/");
    }

    String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static void waitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        try {
            waitUntil(timeout, condition);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }
}
