package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.KeepalivedConfig;

/**
 * startup_script runs before any subsystem gets the config, shutdown_script after every subsystem
 * stopped; a hanging startup script is killed at startup_script_timeout and the daemon goes on.
 * Real scripts through /bin/sh.
 */
class LifecycleScriptsTest {

    @TempDir
    Path dir;

    /** A subsystem that notes, when it starts and stops, which marker files exist. */
    private final class Recorder implements Subsystem {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public Kind kind() {
            return Kind.VRRP;
        }

        @Override
        public int order() {
            return ORDER_VRRP;
        }

        @Override
        public void apply(KeepalivedConfig config) {
            events.add("apply started=" + Files.exists(dir.resolve("started")));
        }

        @Override
        public void stop() {
            events.add("stop stopped=" + Files.exists(dir.resolve("stopped")));
        }
    }

    private String conf(String globals) {
        return "global_defs {\n" + globals + "}\n"
                + "vrrp_instance VI_1 {\n interface lo\n virtual_router_id 51\n priority 100\n"
                + " virtual_ipaddress {\n  127.0.0.100/32\n }\n}\n";
    }

    private KeepalivedDaemon daemon(String globals, Recorder recorder) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, conf(globals));
        KeepalivedDaemon daemon = new KeepalivedDaemon();
        daemon.addSubsystem(recorder);
        daemon.start("1", TestSettings.forFile(file.toString()), null);
        return daemon;
    }

    @Test
    void startupRunsBeforeTheSubsystemsAndShutdownAfterThem() throws Exception {
        Recorder recorder = new Recorder();
        KeepalivedDaemon daemon = daemon(
                "  startup_script \"/bin/sh -c 'echo up > " + dir.resolve("started") + "'\"\n"
                        + "  shutdown_script \"/bin/sh -c 'echo down > " + dir.resolve("stopped") + "'\"\n",
                recorder);
        assertEquals(List.of("apply started=true"), recorder.events);

        daemon.deactivate();

        assertEquals(List.of("apply started=true", "stop stopped=false"), recorder.events);
        assertEquals("down\n", Files.readString(dir.resolve("stopped")));
    }

    @Test
    void aHangingStartupScriptIsKilledAtItsTimeoutAndTheDaemonStarts() throws Exception {
        Recorder recorder = new Recorder();
        Path pid = dir.resolve("hang.pid");
        long start = System.nanoTime();
        KeepalivedDaemon daemon = daemon(
                "  startup_script \"/bin/sh -c 'echo $$ > " + pid + "; exec sleep 300'\"\n"
                        + "  startup_script_timeout 1\n",
                recorder);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(Duration.ofSeconds(1)) >= 0, "waited for the timeout: " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "did not wait for the script: " + took);
        assertEquals(List.of("apply started=false"), recorder.events);
        long scriptPid = Long.parseLong(Files.readString(pid).trim());
        assertFalse(
                ProcessHandle.of(scriptPid).map(ProcessHandle::isAlive).orElse(false),
                "script " + scriptPid + " killed");
        daemon.deactivate();
    }

    @Test
    void withoutScriptsNothingRunsAndTimeoutsDefaultToTenSeconds() throws Exception {
        Recorder recorder = new Recorder();
        KeepalivedDaemon daemon = daemon("  router_id r1\n", recorder);
        assertTrue(LifecycleScripts.startup(daemon.runningConfig()).isEmpty());
        assertTrue(LifecycleScripts.shutdown(daemon.runningConfig()).isEmpty());
        Files.writeString(dir.resolve("keepalived.conf"), conf("  shutdown_script /bin/true\n  script_user nobody\n"));
        assertTrue(daemon.reload().ok());
        LifecycleScripts.Script s =
                LifecycleScripts.shutdown(daemon.runningConfig()).orElseThrow();
        assertEquals(Duration.ofSeconds(10), s.timeout());
        assertEquals("nobody", s.user());
        assertEquals("/bin/true", s.line());
        daemon.deactivate();
    }

    @Test
    void enableScriptSecurityRefusesAWorldWritableStartupScriptAndRunsASafeShutdownScript() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the rule is about scripts run as root: needs root");
        Path unsafe = dir.resolve("up.sh");
        Files.writeString(unsafe, "#!/bin/sh\necho up > " + dir.resolve("started") + "\n");
        Files.setPosixFilePermissions(unsafe, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path safe = dir.resolve("down.sh");
        Files.writeString(safe, "#!/bin/sh\necho down > " + dir.resolve("stopped") + "\n");
        Files.setPosixFilePermissions(safe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Recorder recorder = new Recorder();
        KeepalivedDaemon daemon = daemon(
                "  enable_script_security\n  startup_script " + unsafe + "\n" + "  shutdown_script " + safe + "\n",
                recorder);

        assertEquals(List.of("apply started=false"), recorder.events, "the refused startup script did not run");
        LifecycleScripts.Script up =
                LifecycleScripts.startup(daemon.runningConfig()).orElseThrow();
        var refused = LifecycleScripts.run(daemon.scripts(), up);
        assertFalse(refused.ok());
        assertTrue(
                refused.error().contains("enable_script_security")
                        && refused.error().contains("writable"),
                refused.describe());
        assertFalse(Files.exists(dir.resolve("started")));

        daemon.deactivate();
        assertEquals("down\n", Files.readString(dir.resolve("stopped")), "the safe shutdown script ran");
    }
}
