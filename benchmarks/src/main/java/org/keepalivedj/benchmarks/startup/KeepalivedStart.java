package org.keepalivedj.benchmarks.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.testsupport.Netns;

/**
 * One start of the Debian keepalived on the same config, measured: the time its Nth "Entering
 * BACKUP STATE" console line arrives (keepalived -l, read as it is written), and VmRSS summed over
 * its processes once it has settled.
 */
final class KeepalivedStart {
    private final Duration timeout;
    private final Duration settle;

    KeepalivedStart(Duration timeout, Duration settle) {
        this.timeout = timeout;
        this.settle = settle;
    }

    /** @param vrrpOnly run keepalived -P (its checker process needs IPVS, which a kernel may lack) */
    Launch run(Netns ns, Path conf, Path dir, int instances, boolean vrrpOnly) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "keepalived",
                "-n",
                "-l",
                "-f",
                conf.toString(),
                "-p",
                dir.resolve("keepalived.pid").toString(),
                "-r",
                dir.resolve("vrrp.pid").toString(),
                "-c",
                dir.resolve("checkers.pid").toString()));
        if (vrrpOnly) {
            command.add("-P");
        }
        long launched = System.currentTimeMillis();
        Process process = ns.start(command.toArray(String[]::new));
        AtomicInteger backups = new AtomicInteger();
        AtomicLong backupAt = new AtomicLong();
        CountDownLatch allBackup = new CountDownLatch(1);
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            if (line.contains("Entering BACKUP STATE") && backups.incrementAndGet() == instances) {
                                backupAt.set(System.currentTimeMillis());
                                allBackup.countDown();
                            }
                            if (output.length() < 20_000) {
                                output.append(line).append('\n');
                            }
                        }
                    } catch (IOException e) {
                        // the process is gone
                    }
                },
                "keepalived-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!allBackup.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("keepalived did not reach BACKUP (" + backups.get() + " of " + instances
                        + " instances) within " + timeout + ":\n" + output);
            }
            Thread.sleep(settle.toMillis());
            double rss = ProcessMemory.treeRssMb(process.toHandle());
            return Launch.keepalived(backupAt.get() - launched, rss);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
