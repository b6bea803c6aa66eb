package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes and a real FIFO. */
class ProcessNotifierTest {

    @Test
    void runsNotifyCommandsThroughTheShell(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        try (ProcessNotifier n = new ProcessNotifier()) {
            n.script("echo \"rs down $((1+1))\" >> '" + out + "'");
            n.script("exit 3"); // a failing script is logged, nothing else
            n.drain(5_000);
        }
        assertEquals(List.of("rs down 2"), Files.readAllLines(out));
    }

    @Test
    void enableScriptSecurityRefusesAWorldWritableScript(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the rule is about scripts run as root: needs root");
        Path out = dir.resolve("out");
        Path unsafe = dir.resolve("unsafe.sh");
        Files.writeString(unsafe, "#!/bin/sh\necho unsafe >> " + out + "\n");
        Files.setPosixFilePermissions(unsafe, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path safe = dir.resolve("safe.sh");
        Files.writeString(safe, "#!/bin/sh\necho safe >> " + out + "\n");
        Files.setPosixFilePermissions(safe, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ProcessNotifier n = new ProcessNotifier()) {
            n.scriptSecurity(true);
            n.script(unsafe.toString());
            n.script(safe + " up");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (n.refused() < 1 || !Files.exists(out) || Files.readAllLines(out).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "both scripts handled");
                Thread.sleep(20);
            }
            assertEquals(1, n.refused());
        }
        assertEquals(List.of("safe"), Files.readAllLines(out), "only the safe script ran");
    }

    @Test
    void writesLinesToTheNotifyFifo(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("lvs.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = Files.newBufferedReader(fifo, StandardCharsets.UTF_8)) {
                for (int i = 0; i < 2; i++) {
                    lines.add(r.readLine());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return lines;
        });
        try (ProcessNotifier n = new ProcessNotifier()) {
            n.fifoPath(fifo.toString());
            n.fifo("RS [10.0.0.1]:tcp:80 [192.0.2.1]:tcp:80 DOWN");
            n.fifo("VS [192.0.2.1]:tcp:80 DOWN");
            assertEquals(List.of("RS [10.0.0.1]:tcp:80 [192.0.2.1]:tcp:80 DOWN", "VS [192.0.2.1]:tcp:80 DOWN"),
                    reader.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theFifoPathComesFromGlobalDefs() {
        Rig rig = new Rig().load("""
                global_defs {
                    lvs_notify_fifo /run/keepalived/lvs.fifo
                }
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    real_server 10.0.0.1 80 {
                    }
                }
                """);
        assertEquals("/run/keepalived/lvs.fifo", rig.notifier.fifoPath);
        assertTrue(rig.vs("192.0.2.1:80/tcp").quorumUp());
    }
}
