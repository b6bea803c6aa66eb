package org.keepalivedj.vrrp.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.keepalivedj.testsupport.KeepalivedPeer;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.ProcessTree;

/**
 * A VRRP router in a lab namespace: real keepalived or our {@link NodeMain}, as a process whose
 * output goes to a log file. Graceful stop is SIGTERM, a crash is SIGKILL (of every process of it).
 */
final class LabNode {

    final Netns ns;
    final String name;
    final Path dir;
    final boolean keepalived;
    /** The running router: keepalived, or our node's process. */
    private KeepalivedPeer peer;

    private Process process;

    LabNode(Netns ns, String name, Path dir, boolean keepalived) {
        this.ns = ns;
        this.name = name;
        this.dir = dir;
        this.keepalived = keepalived;
    }

    /** Skips the test where Debian's keepalived 2.2.7 is not installed. */
    static void assumeKeepalived() {
        KeepalivedPeer.assumeInstalled();
    }

    Path log() {
        return dir.resolve(name + ".log");
    }

    void start(String conf) throws IOException, InterruptedException {
        if (keepalived) {
            peer = KeepalivedPeer.start(ns, dir, name, conf, "-G", "--vrrp").awaitRunning(Duration.ofSeconds(15));
            return;
        }
        Path confFile = dir.resolve(name + ".conf");
        Files.writeString(confFile, conf);
        Path data = dir.resolve(name + "-data");
        Files.createDirectories(data);
        process = ns.startLogged(
                log(),
                List.of(
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
        if (!eventually(
                Duration.ofSeconds(15), () -> !process.isAlive() || logText().contains("STARTED"))) {
            throw new IllegalStateException(name + " did not start: " + logText());
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + logText());
        }
    }

    /** SIGTERM and wait: keepalived and our node both send priority 0 and remove their VIPs. */
    void stop() throws Exception {
        if (peer != null) {
            peer.stop();
            peer = null;
        }
        if (process != null) {
            ProcessTree.stop(process);
            process = null;
        }
    }

    /** SIGKILL everything at once: no priority 0, addresses stay behind. */
    void kill() throws Exception {
        if (peer != null) {
            peer.kill();
            peer = null;
        }
        if (process != null) {
            ProcessTree.kill(process, dir.resolve(name + ".conf").toString());
            process = null;
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
