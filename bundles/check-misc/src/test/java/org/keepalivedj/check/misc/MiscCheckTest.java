package org.keepalivedj.check.misc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerContext;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.checkers.MiscCheckSpec;

/** MISC_CHECK with real shell scripts: exit codes, misc_dynamic weights, timeout kill, script user. */
class MiscCheckTest {
    private static NettyCheckRuntime runtime;
    private static MiscCheckFactory factory;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        runtime = new NettyCheckRuntime(1, 2);
        factory = new MiscCheckFactory(runtime);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static CompletableFuture<CheckResult> run(String path, long timeoutMs, boolean dynamic, String user) {
        MiscCheckSpec spec =
                new MiscCheckSpec(Origin.NONE, CheckerSettings.NONE, path, Duration.ofMillis(timeoutMs), dynamic, user);
        return factory.create(spec, new CheckTarget("vs", new Endpoint(java.net.InetAddress.getLoopbackAddress(), 80)))
                .check();
    }

    private static CheckResult get(CompletableFuture<CheckResult> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void exitStatusDecides() throws Exception {
        assertTrue(get(run("exit 0", 5000, false, null)).up());
        CheckResult one = get(run("exit 1", 5000, false, null));
        assertFalse(one.up());
        assertEquals("exit 1 exited 1", one.detail());
        assertFalse(get(run("exit 7", 5000, false, null)).up(), "without misc_dynamic 7 is down");
    }

    @Test
    void miscDynamicSetsTheWeight() throws Exception {
        CheckResult r = get(run("exit 7", 5000, true, null));
        assertTrue(r.up());
        assertEquals(OptionalInt.of(5), r.weight());
        assertEquals(OptionalInt.of(253), get(run("exit 255", 5000, true, null)).weight());
        assertFalse(get(run("exit 1", 5000, true, null)).up());
    }

    @Test
    void aScriptPastItsTimeoutIsKilled() throws Exception {
        Path pid = dir.resolve("pid");
        CheckResult r = get(run("echo $$ > " + pid + "; exec sleep 30", 300, false, null));
        assertFalse(r.up());
        assertTrue(r.detail().contains("timed out"), r.detail());
        long p = Long.parseLong(Files.readString(pid).trim());
        awaitGone(p);
    }

    @Test
    void miscTimeoutNotConnectTimeoutBoundsAnAttempt() throws Exception {
        CheckerSettings oneSecondConnect = new CheckerSettings(
                null,
                0,
                null,
                0,
                null,
                0,
                false,
                false,
                new org.keepalivedj.api.model.CheckTiming(null, null, null, Duration.ofSeconds(1), null));
        MiscCheckSpec spec =
                new MiscCheckSpec(Origin.NONE, oneSecondConnect, "sleep 2; exit 0", Duration.ofSeconds(4), false, null);
        var checker = factory.create(
                spec, new CheckTarget("vs", new Endpoint(java.net.InetAddress.getLoopbackAddress(), 80)));
        assertEquals(
                java.util.Optional.of(Duration.ofSeconds(5)),
                checker.attemptTimeout(),
                "the engine waits misc_timeout and a second, not connect_timeout");
        assertTrue(get(checker.check()).up(), "a 2 s script with misc_timeout 4");
    }

    @Test
    void cancellingKillsTheScript() throws Exception {
        Path pid = dir.resolve("pid");
        CompletableFuture<CheckResult> f = run("echo $$ > " + pid + "; exec sleep 30", 60_000, false, null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(pid) || Files.readString(pid).isBlank()) {
            assertTrue(System.nanoTime() < deadline, "script did not start");
            Thread.sleep(20);
        }
        f.cancel(true);
        awaitGone(Long.parseLong(Files.readString(pid).trim()));
    }

    @Test
    void runsAsTheScriptUser() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "switching user needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")), "runuser (util-linux) is missing");
        assertTrue(
                get(run("test \"$(id -un)\" = nobody", 5000, false, "nobody")).up());
        assertFalse(get(run("test \"$(id -un)\" = root", 5000, false, "nobody")).up());
    }

    @Test
    void aMissingScriptIsDown() throws Exception {
        CheckResult r = get(run(dir.resolve("absent.sh").toString(), 5000, false, null));
        assertFalse(r.up());
        assertTrue(r.detail().contains("exited 127"), r.detail());
    }

    private static CompletableFuture<CheckResult> runWith(String path, CheckerContext context) {
        MiscCheckSpec spec =
                new MiscCheckSpec(Origin.NONE, CheckerSettings.NONE, path, Duration.ofSeconds(5), false, null);
        return factory.create(
                        spec,
                        new CheckTarget("vs", new Endpoint(java.net.InetAddress.getLoopbackAddress(), 80)),
                        context)
                .check();
    }

    @Test
    void enableScriptSecurityRefusesAWorldWritableScript() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the rule is about scripts run as root: needs root");
        Path ran = dir.resolve("ran");
        Path script = dir.resolve("check.sh");
        Files.writeString(script, "#!/bin/sh\ntouch " + ran + "\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xrwx"));
        CheckerContext secure = new CheckerContext(null, java.util.Map.of(), null, true);

        CheckResult refused = get(runWith(script.toString(), secure));
        assertFalse(refused.up(), "a refused script counts as a failed check");
        assertTrue(
                refused.detail().contains("refused by enable_script_security")
                        && refused.detail().contains("writable"),
                refused.detail());
        assertFalse(Files.exists(ran), "the refused script must not have run");

        CheckResult unchecked = get(runWith(script.toString(), CheckerContext.NONE));
        assertTrue(unchecked.up(), "without enable_script_security the same script runs: " + unchecked.detail());
        assertTrue(Files.exists(ran));

        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.delete(ran);
        CheckResult safe = get(runWith(script.toString(), secure));
        assertTrue(safe.up(), "a root-owned script in safe directories runs: " + safe.detail());
        assertTrue(Files.exists(ran));
    }

    @Test
    void globalScriptUserRunsTheCheckAndIsNotChecked() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "switching user needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")), "runuser (util-linux) is missing");
        CheckerContext asNobody = new CheckerContext(null, java.util.Map.of(), "nobody", true);
        CheckResult r = get(runWith("test \"$(id -un)\" = nobody", asNobody));
        assertTrue(r.up(), r.detail());
    }

    private static void awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "process " + pid + " still running");
            Thread.sleep(20);
        }
    }
}
