package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.NotifyScripts;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.VrrpScript;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.ScriptStatus;
import org.keepalivedj.notify.ProcessScriptService;

/** enable_script_security in VRRP: a refused notify script is not run, a refused vrrp_script is down. */
class ScriptSecurityEnforcementTest {

    @TempDir
    Path dir;

    private final ProcessScriptService service = new ProcessScriptService();

    @AfterEach
    void closeService() {
        service.close();
    }

    @BeforeEach
    void needsRoot() {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "enable_script_security is about scripts run as root: needs root");
    }

    /** A script that creates {@code marker} when it runs, with the given permissions. */
    private Path script(String name, Path marker, String perms) throws Exception {
        Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\ntouch " + marker + "\nexit 0\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString(perms));
        return s;
    }

    @Test
    void refusedNotifyScriptIsNotRunAndSafeOneIs() throws Exception {
        Path unsafeRan = dir.resolve("unsafe-ran");
        Path safeRan = dir.resolve("safe-ran");
        Path unsafe = script("unsafe.sh", unsafeRan, "rwxrwxrwx");
        Path safe = script("safe.sh", safeRan, "rwxr-xr-x");
        NotifyScripts scripts = new NotifyScripts(unsafe.toString(), null, null, null, null, safe.toString(), null);

        VrrpNotifier secure = new VrrpNotifier(service, null, true, null);
        secure.notify("INSTANCE", "VI_1", scripts, InstanceState.MASTER, 100);
        secure.drain(10_000);
        secure.close();
        assertTrue(Files.exists(safeRan), "the safe generic notify script runs");
        assertFalse(Files.exists(unsafeRan), "the world-writable notify_master script must not run");
        assertEquals(1, secure.scriptsRun());

        VrrpNotifier open = new VrrpNotifier(service, null, false, null);
        open.notify("INSTANCE", "VI_1", scripts, InstanceState.MASTER, 100);
        open.drain(10_000);
        open.close();
        assertTrue(Files.exists(unsafeRan), "without enable_script_security it runs");
    }

    @Test
    void refusedTrackScriptIsDown() throws Exception {
        Path ran = dir.resolve("ran");
        Path unsafe = script("chk.sh", ran, "rwxr-xrwx");
        VrrpScript chk = new VrrpScript(
                Origin.NONE,
                "chk",
                unsafe.toString(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                0,
                false,
                1,
                1,
                null,
                null,
                false);
        CompletableFuture<Boolean> change = new CompletableFuture<>();
        try (TimerThread timer = new TimerThread("test-timer");
                TrackingRuntime tracking = new TrackingRuntime(
                        timer,
                        service,
                        null,
                        (name, up) -> change.complete(name.equals("script chk") ? up : null),
                        (n, v) -> {})) {
            tracking.scriptSecurity(true);
            CompletableFuture<Boolean> initial = new CompletableFuture<>();
            CompletableFuture<ScriptStatus> before = new CompletableFuture<>();
            timer.execute(() -> {
                initial.complete(tracking.script(chk));
                // its first run is queued behind this task: no verdict yet
                before.complete(tracking.scriptStatuses().get("chk"));
            });
            assertTrue(initial.get(10, TimeUnit.SECONDS), "without init_fail the script starts up");
            assertEquals(
                    ScriptStatus.INIT, before.get(10, TimeUnit.SECONDS), "the status the runtime views show first");
            assertEquals(Boolean.FALSE, change.get(10, TimeUnit.SECONDS), "a refused track script goes down");
            assertFalse(Files.exists(ran), "the refused track script must not have run");
            assertEquals(ScriptStatus.BAD, tracking.scriptStatuses().get("chk"), "the verdict the runtime views show");
        }
    }
}
