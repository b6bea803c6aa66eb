package org.keepalivedj.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.script.FifoSpec;
import org.keepalivedj.api.script.NotifyFifo;
import org.keepalivedj.api.script.Script;
import org.keepalivedj.api.script.ScriptResult;

/** The notify service on its own: real processes through /bin/sh, real FIFOs made with mkfifo. */
class ProcessScriptServiceTest {

    @TempDir
    Path dir;

    private final ProcessScriptService service = new ProcessScriptService(Duration.ofSeconds(2));

    @AfterEach
    void close() {
        service.close();
    }

    private static Script script(String line, String... args) {
        return Script.notify(line, List.of(args), null, false);
    }

    private Path executable(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Polls a condition that a separate process makes true; fails after 10 s. */
    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out waiting: " + what.get());
            Thread.sleep(20);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void splitsTheLineAsKeepalivedAndAppendsTheArguments() throws Exception {
        Path out = dir.resolve("out");
        Path s = executable("s.sh", "for a in \"$@\"; do echo \"[$a]\" >> " + out + "; done; exit 3");
        ScriptResult r = service.run(script(s + " 'a b' c", "INSTANCE", "VI_1"));
        assertEquals(3, r.exitCode(), r.describe());
        assertFalse(r.ok());
        assertEquals("[a b]\n[c]\n[INSTANCE]\n[VI_1]\n", read(out));
        assertEquals(1, service.failures(), "a non-zero exit status counts as a failure");
    }

    @Test
    void theTimeoutKillsTheScriptAndTheChildItStarted() throws Exception {
        Path pid = dir.resolve("child.pid");
        // The script starts a child that would outlive it; both must be gone after the deadline.
        Path s = executable("hang.sh", "sleep 300 &\necho $! > " + pid + "\nwait");
        ScriptResult r = service.submit(script(s.toString())).get(20, TimeUnit.SECONDS);
        assertTrue(r.timedOut(), r.describe());
        assertTrue(r.took().compareTo(Duration.ofSeconds(2)) >= 0, r.describe());
        long child = Long.parseLong(read(pid).trim());
        await(() -> !alive(child), () -> "child " + child + " killed");
    }

    @Test
    void closeKillsARunningScriptWithItsChildren() throws Exception {
        Path pid = dir.resolve("child.pid");
        Path s = executable("hang.sh", "sleep 300 &\necho $! > " + pid + "\nwait");
        ProcessScriptService patient = new ProcessScriptService(Duration.ofHours(1));
        var result = patient.submit(script(s.toString()));
        await(() -> !read(pid).isBlank(), () -> "the child started");
        long child = Long.parseLong(read(pid).trim());
        patient.close();
        await(() -> !alive(child), () -> "child " + child + " killed at close");
        assertNotNull(result.get(10, TimeUnit.SECONDS).error(), "the run ends as stopped, not as an exit status");
    }

    @Test
    void aMissingProgramIsAResultNotAnException() {
        ScriptResult r = service.run(script("/nonexistent/script arg"));
        assertNotNull(r.error());
        assertTrue(r.describe().contains("/nonexistent/script"), r.describe());
    }

    @Test
    void runsAsTheScriptUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to the script user");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path out = dir.resolve("id");
        ScriptResult r = service.run(Script.notify(
                "/bin/sh -c 'id -un > " + out + "; id -gn >> " + out + "'", List.of(), "nobody nogroup", false));
        assertTrue(r.ok(), r.describe());
        assertEquals("nobody\nnogroup\n", read(out));
    }

    @Test
    void aUserWithoutAGroupRunsInThatUsersPrimaryGroup() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to the script user");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path out = dir.resolve("id");
        // Debian's nobody has no group named nobody: its primary group is nogroup
        ScriptResult r = service.run(
                Script.notify("/bin/sh -c 'id -un > " + out + "; id -gn >> " + out + "'", List.of(), "nobody", false));
        assertTrue(r.ok(), r.describe());
        Process id = new ProcessBuilder("id", "-gn", "nobody").start();
        String primary = new String(id.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(id.waitFor(5, TimeUnit.SECONDS) && id.exitValue() == 0, "id -gn nobody");
        assertEquals("nobody\n" + primary, read(out));
    }

    @Test
    void enableScriptSecurityRefusesAWorldWritableScriptRunAsRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the rule is about scripts run as root: needs root");
        Path out = dir.resolve("out");
        Path unsafe = executable("unsafe.sh", "echo unsafe >> " + out);
        Files.setPosixFilePermissions(unsafe, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path safe = executable("safe.sh", "echo safe >> " + out);
        ScriptResult refused = service.run(Script.notify(unsafe.toString(), List.of(), null, true));
        ScriptResult ran = service.run(Script.notify(safe.toString(), List.of(), null, true));
        assertTrue(refused.error() != null && refused.error().contains("enable_script_security"), refused.describe());
        assertTrue(ran.ok(), ran.describe());
        assertEquals("safe\n", read(out));
    }

    @Test
    void writingAFifoWithNoReaderDoesNotBlock() throws Exception {
        Path fifo = dir.resolve("no-reader.fifo");
        try (NotifyFifo f = service.fifo(new FifoSpec(fifo.toString(), null, null, null, false))) {
            long start = System.nanoTime();
            // more than a pipe holds (64 KiB): the writer thread blocks, never the caller
            String line = "x".repeat(1000);
            for (int i = 0; i < 200; i++) {
                f.write(line);
            }
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "write returned at once");
        }
        assertTrue(isFifo(fifo), "the FIFO was created");
    }

    @Test
    void theReaderScriptGetsTheFifoAsLastArgumentAndReceivesTheLines() throws Exception {
        Path fifo = dir.resolve("notify.fifo");
        Path out = dir.resolve("lines");
        Path pid = dir.resolve("reader.pid");
        Path reader = executable(
                "reader.sh",
                "echo $$ > " + pid + "\n"
                        + "echo \"args: $*\" > " + out + "\n"
                        + "while read -r line; do echo \"$line\" >> " + out + "; done < \"$2\"");
        FifoSpec spec = new FifoSpec(fifo.toString(), null, reader + " first", null, false);
        NotifyFifo a = service.fifo(spec);
        NotifyFifo b = service.fifo(spec); // vrrp and lvs sharing notify_fifo: one FIFO, one reader
        a.write("INSTANCE \"VI_1\" MASTER 100");
        b.write("RS [10.0.0.1]:tcp:80 [192.0.2.1]:tcp:80 DOWN");
        String expected = "args: first " + fifo + "\nINSTANCE \"VI_1\" MASTER 100\n"
                + "RS [10.0.0.1]:tcp:80 [192.0.2.1]:tcp:80 DOWN\n";
        await(() -> read(out).equals(expected), () -> "the reader got both lines: " + read(out));
        assertTrue(isFifo(fifo));
        long readerPid = Long.parseLong(read(pid).trim());
        a.close();
        assertTrue(alive(readerPid), "still used by b: the reader runs on");
        b.close();
        await(() -> !alive(readerPid), () -> "the reader stopped with the FIFO's last user");
    }

    /**
     * keepalived 2.2.7 logs "notify fifo script terminated" and starts no new reader, neither at once
     * nor on a reload: a line written afterwards stays in the FIFO, unread, for whoever opens it.
     */
    @Test
    void aReaderThatExitsIsNotRestartedNorByAReloadThatKeepsIt() throws Exception {
        Path fifo = dir.resolve("exits.fifo");
        Path out = dir.resolve("lines");
        Path reader =
                executable("reader.sh", "echo start >> " + out + "\nread -r line < \"$1\"\necho \"$line\" >> " + out);
        FifoSpec spec = new FifoSpec(fifo.toString(), null, reader.toString(), null, false);
        NotifyFifo before = service.fifo(spec);
        before.write("first");
        await(() -> read(out).equals("start\nfirst\n"), () -> "the reader read one line and ended: " + read(out));
        NotifyFifo after = service.fifo(spec); // a reload that keeps the keyword opens it again first
        before.close();
        after.write("second");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> unread = pool.submit(() -> {
                try (BufferedReader r = Files.newBufferedReader(fifo)) {
                    return r.readLine();
                }
            });
            assertEquals("second", unread.get(10, TimeUnit.SECONDS), "no new reader took the line");
            assertEquals("start\nfirst\n", read(out));
        } finally {
            after.close();
            pool.shutdownNow();
        }
    }

    @Test
    void aRegularFileIsAppendedTo() throws Exception {
        Path file = dir.resolve("notify.log");
        Files.writeString(file, "before\n");
        try (NotifyFifo f = service.fifo(new FifoSpec(file.toString(), null, null, null, false))) {
            f.write("VS [192.0.2.1]:tcp:80 UP");
            await(
                    () -> read(file).equals("before\nVS [192.0.2.1]:tcp:80 UP\n"),
                    () -> "the line appended: " + read(file));
        }
    }

    private static boolean isFifo(Path p) throws IOException {
        return Files.exists(p)
                && !Files.isRegularFile(p)
                && !Files.isDirectory(p)
                && ((Integer) Files.getAttribute(p, "unix:mode") & 0170000) == 0010000;
    }
}
