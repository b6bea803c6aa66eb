package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.notify.ProcessScriptService;

/** LVS notifications through the real notify service: real scripts, a real FIFO and its reader script. */
class ServiceNotifierTest {

    @TempDir
    Path dir;

    private final ProcessScriptService service = new ProcessScriptService();

    @AfterEach
    void close() {
        service.close();
    }

    private Path executable(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static GlobalDefs globals(String body) {
        return Rig.parse("global_defs {\n" + body + "\n}\n").globalDefs();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out waiting: " + what.get());
            Thread.sleep(20); // a separate process makes it true
        }
    }

    @Test
    void runsNotifyCommandsSplitAsKeepalivedDoes() throws Exception {
        Path out = dir.resolve("out");
        Path s = executable("rs.sh", "echo \"$1|$2\" >> " + out);
        try (ServiceNotifier n = new ServiceNotifier(service)) {
            n.configure(globals(""));
            n.script(s + " 'rs down' 10.0.0.1");
            n.script("/bin/false"); // a failing script is logged, nothing else
            n.drain(10_000);
        }
        assertEquals("rs down|10.0.0.1\n", read(out));
    }

    @Test
    void theFifoReaderScriptGetsTheLinesAndIsReplacedWhenTheKeywordChanges() throws Exception {
        Path fifo = dir.resolve("lvs.fifo");
        Path out = dir.resolve("lines");
        Path pids = dir.resolve("pids");
        Path reader = executable(
                "reader.sh",
                "echo $$ >> " + pids + "\n" + "while read -r line; do echo \"$1 $line\" >> " + out + "; done < \"$2\"");
        try (ServiceNotifier n = new ServiceNotifier(service)) {
            n.configure(globals("lvs_notify_fifo " + fifo + "\nlvs_notify_fifo_script \"" + reader + " one\""));
            n.fifo("RS [10.0.0.1]:tcp:80 [192.0.2.1]:tcp:80 DOWN");
            n.fifo("VS [192.0.2.1]:tcp:80 DOWN");
            String both = "one RS [10.0.0.1]:tcp:80 [192.0.2.1]:tcp:80 DOWN\none VS [192.0.2.1]:tcp:80 DOWN\n";
            await(() -> read(out).equals(both), () -> "the reader got both lines: " + read(out));
            long first = Long.parseLong(read(pids).trim());

            n.configure(globals("lvs_notify_fifo " + fifo + "\nlvs_notify_fifo_script \"" + reader + " two\""));
            await(() -> ProcessHandle.of(first).isEmpty(), () -> "the old reader stopped on reload");
            n.fifo("VS [192.0.2.1]:tcp:80 UP");
            await(
                    () -> read(out).endsWith("two VS [192.0.2.1]:tcp:80 UP\n"),
                    () -> "the new reader got the line: " + read(out));
            long second = Long.parseLong(
                    read(pids).lines().reduce((a, b) -> b).orElseThrow().trim());

            n.configure(globals(""));
            await(() -> ProcessHandle.of(second).isEmpty(), () -> "no FIFO configured: its reader stopped");
        }
    }

    @Test
    void theFifoPathComesFromGlobalDefs() {
        Rig rig = new Rig().load("""
                global_defs {
                    notify_fifo /run/keepalived/all.fifo
                    lvs_notify_fifo /run/keepalived/lvs.fifo
                }
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    real_server 10.0.0.1 80 {
                    }
                }
                """);
        assertEquals("/run/keepalived/lvs.fifo", rig.notifier.fifoPath, "lvs_notify_fifo before notify_fifo");
        assertTrue(rig.vs("192.0.2.1:80/tcp").quorumUp());
    }
}
