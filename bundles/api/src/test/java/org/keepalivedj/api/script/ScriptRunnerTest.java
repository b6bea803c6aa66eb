package org.keepalivedj.api.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes through /bin/sh: exit status, the deadline kills the whole tree, the script user. */
class ScriptRunnerTest {

    @TempDir
    Path tmp;

    @Test
    void reportsTheExitStatusAndRunsTheQuotedLine() throws Exception {
        Path out = tmp.resolve("out");
        ScriptResult r = ScriptRunner.run("/bin/sh -c 'echo \"a b\" > " + out + "; exit 3'", null, Duration.ofSeconds(30));
        assertEquals(3, r.exitCode(), r.describe());
        assertFalse(r.ok());
        assertFalse(r.timedOut());
        assertEquals("a b\n", Files.readString(out));
    }

    @Test
    void killsAHangingScriptAndItsChildrenAtTheDeadline() throws Exception {
        Path pid = tmp.resolve("child.pid");
        // The shell starts a child that would outlive it; both must be gone after the deadline.
        ScriptResult r = ScriptRunner.run(List.of("/bin/sh", "-c", "sleep 300 & echo $! > " + pid + "; wait"),
                Duration.ofSeconds(2));
        assertTrue(r.timedOut(), r.describe());
        assertTrue(r.took().compareTo(Duration.ofSeconds(2)) >= 0, r.describe());
        long child = Long.parseLong(Files.readString(pid).trim());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "child " + child + " still runs");
    }

    @Test
    void aMissingProgramIsAnErrorNotAnException() {
        ScriptResult r = ScriptRunner.run("/nonexistent/script arg", null, Duration.ofSeconds(5));
        assertNotNull(r.error());
        assertTrue(r.describe().contains("/nonexistent/script"), r.describe());
    }

    @Test
    void runsAsTheScriptUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to the script user");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path out = tmp.resolve("id");
        ScriptResult r = ScriptRunner.run("/bin/sh -c 'id -un > " + out + "'", "nobody nogroup", Duration.ofSeconds(30));
        assertTrue(r.ok(), r.describe());
        assertEquals("nobody", Files.readString(out).trim());
    }

    @Test
    void splitsLikeAShellForSimpleQuotes() {
        assertEquals(List.of("/bin/echo", "a b", "c'd", "e"), CommandLine.split("/bin/echo \"a b\" \"c'd\"   e"));
    }
}
