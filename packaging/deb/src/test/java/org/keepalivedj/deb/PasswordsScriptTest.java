package org.keepalivedj.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/passwords, which postinst and the tarball's first start run: random passwords only when the
 * users file has no login, a 0600 file, one message saying where; a file with logins is left alone.
 */
class PasswordsScriptTest {

    private static final Pattern LOGIN =
            Pattern.compile("^(admin|operator|viewer) = ([A-Za-z0-9]{20}), _g_:\\1group$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void theShippedFileGetsThreeRandomLoginsOnceInA0600File() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.copy(Path.of(System.getProperty("users.file")), users);

        String said = run(users);
        assertEquals(
                "keepalived-j: generated random passwords for the admin, operator and viewer logins in " + users
                        + " (readable by root only)\n",
                said);
        String first = Files.readString(users);
        Matcher m = LOGIN.matcher(first);
        List<String> passwords = m.results().map(r -> r.group(2)).toList();
        assertEquals(3, passwords.size(), first);
        assertEquals(3, passwords.stream().distinct().count(), "three different passwords: " + passwords);
        assertTrue(first.contains("_g_\\:viewergroup = group,viewer,ssh"), "the groups are kept:\n" + first);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));

        assertEquals("", run(users), "a second start says nothing");
        assertEquals(first, Files.readString(users), "a second start changes nothing");
    }

    @Test
    void noFileGetsTheGroupsAndLogins() throws Exception {
        Path users = dir.resolve("users.properties");
        run(users);
        String text = Files.readString(users);
        assertEquals(3, LOGIN.matcher(text).results().count(), text);
        assertTrue(text.contains("_g_\\:admingroup = group,admin,manager,operator,viewer,systembundles,ssh"), text);
    }

    @Test
    void ownLoginsAreLeftAlone() throws Exception {
        Path users = dir.resolve("users.properties");
        String own = "_g_\\:viewergroup = group,viewer,ssh\nviewer = mine, _g_:viewergroup\n";
        Files.writeString(users, own);
        assertEquals("", run(users));
        assertEquals(own, Files.readString(users));
        assertNotEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(users)),
                "an operator's own file keeps its mode");
    }

    private static String run(Path users) throws Exception {
        Process p = new ProcessBuilder("sh", System.getProperty("passwords.script"), users.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bin/passwords did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
