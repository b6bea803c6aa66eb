package org.keepalivedj.api.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** enable_script_security's rule on real files and permissions in a temp dir (needs root to own them as root). */
class ScriptSecurityTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void needsRoot() throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "ScriptSecurityTest needs root: the rule is about root-owned files");
        // The temp dir lies under /tmp (root, sticky); make its own mode the safe one.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path script(Path dir, String perms) throws Exception {
        Files.createDirectories(dir);
        Path s = dir.resolve("check.sh");
        Files.writeString(s, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString(perms));
        return s;
    }

    @Test
    void rootOwnedScriptInSafeDirectoriesMayRun() throws Exception {
        Path s = script(tmp, "rwxr-xr-x");
        assertEquals(Optional.empty(), ScriptSecurity.check(s + " arg1 arg2", null));
        assertEquals(Optional.empty(), ScriptSecurity.check(s.toString(), "root"));
    }

    @Test
    void worldWritableScriptIsRefused() throws Exception {
        Path s = script(tmp, "rwxr-xrwx");
        Optional<String> problem = ScriptSecurity.check(s.toString(), null);
        assertTrue(problem.isPresent(), "a world-writable script must be refused");
        assertTrue(problem.get().contains("the script " + s) && problem.get().contains("writable"), problem.get());
    }

    @Test
    void groupWritableScriptIsRefused() throws Exception {
        Path s = script(tmp, "rwxrwxr-x");
        assertTrue(ScriptSecurity.check(s.toString(), "root").isPresent());
    }

    @Test
    void worldWritableParentDirectoryIsRefused() throws Exception {
        Path dir = tmp.resolve("open");
        Path s = script(dir, "rwxr-xr-x");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Optional<String> problem = ScriptSecurity.check(s.toString(), null);
        assertTrue(problem.isPresent(), "a script in a world-writable directory must be refused");
        assertTrue(
                problem.get().contains("the directory " + dir) && problem.get().contains("writable"), problem.get());
    }

    @Test
    void rootOwnedStickyDirectoryMayBeWorldWritable() throws Exception {
        Path dir = tmp.resolve("sticky");
        Path s = script(dir, "rwxr-xr-x");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(dir, "unix:mode", 01777);
        assertEquals(Optional.empty(), ScriptSecurity.check(s.toString(), null));
    }

    @Test
    void scriptOwnedByAnotherUserIsRefused() throws Exception {
        Path s = script(tmp, "rwxr-xr-x");
        UserPrincipal nobody = s.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(s, nobody);
        Optional<String> problem = ScriptSecurity.check(s.toString(), null);
        assertTrue(problem.isPresent() && problem.get().contains("owned by nobody"), problem.toString());
    }

    @Test
    void nonRootScriptUserIsNotChecked() throws Exception {
        Path s = script(tmp, "rwxrwxrwx");
        assertEquals(Optional.empty(), ScriptSecurity.check(s.toString(), "nobody"));
        assertEquals(Optional.empty(), ScriptSecurity.check(s.toString(), "nobody nogroup"));
        assertTrue(ScriptSecurity.check(s.toString(), "root root").isPresent());
    }

    @Test
    void symlinkIsFollowedToTheRealScript() throws Exception {
        Path dir = tmp.resolve("open");
        Path real = script(dir, "rwxr-xr-x");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path link = Files.createSymbolicLink(tmp.resolve("link.sh"), real);
        assertTrue(
                ScriptSecurity.check(link.toString(), null).isPresent(),
                "the link's target lies in an unsafe directory");
    }

    @Test
    void bareNamesAreFoundOnPath() {
        // /bin/sh and the directories above it are root's and not writable by others on any sane system.
        assertEquals(Optional.empty(), ScriptSecurity.check("sh -c true", null));
        Optional<String> missing = ScriptSecurity.check("no-such-program-kaj-4711", null);
        assertTrue(missing.isPresent() && missing.get().contains("not found"), missing.toString());
        assertTrue(ScriptSecurity.check("", null).isPresent());
    }

    @Test
    void refusalLogSaysFirstOncePerScriptAndReason() {
        ScriptSecurity.RefusalLog log = new ScriptSecurity.RefusalLog();
        assertTrue(log.first("/a", "x"));
        assertTrue(!log.first("/a", "x"));
        assertTrue(log.first("/a", "y"));
        assertTrue(log.first("/b", "x"));
    }
}
