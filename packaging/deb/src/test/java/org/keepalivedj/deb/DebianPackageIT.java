package org.keepalivedj.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keepalivedj.testsupport.CommandResult;
import org.keepalivedj.testsupport.Commands;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The Debian package as an operator gets it: lintian finds no error; apt-get installs it on this
 * machine; its files, owners and modes are right; {@code keepalived-j -t} passes; the daemon,
 * started exactly as the unit's ExecStart says (inside a namespace of this test, never as a
 * service), answers Jolokia for the viewer with the password postinst generated; it stops on
 * SIGTERM; and purging leaves nothing behind. The package is purged even when a step fails.
 */
@RequiresRoot
class DebianPackageIT {

    private static final String PACKAGE = "keepalived-j";
    private static final String NAMESPACE = "debpkgit";
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(5);
    /** What the package owns or makes outside dpkg's list: all gone after a purge. */
    private static final List<String> LEFT_BEHIND = List.of(
            "/etc/keepalived-j",
            "/etc/default/keepalived-j",
            "/var/lib/keepalived-j",
            "/var/log/keepalived-j",
            "/usr/share/keepalived-j",
            "/usr/sbin/keepalived-j",
            "/lib/systemd/system/keepalived-j.service",
            "/usr/share/man/man8/keepalived-j.8.gz",
            "/usr/share/doc/keepalived-j");

    private static Path deb() {
        Path deb = Path.of(System.getProperty("deb.file", "target/none.deb"));
        assertTrue(Files.isRegularFile(deb), "no package at " + deb + " (mvn verify builds it)");
        return deb;
    }

    @Test
    void lintianFindsNoError() {
        Path deb = deb();
        assumeTrue(
                Commands.run("sh", "-c", "command -v lintian").ok(), "lintian is not installed (.ci/run installs it)");
        CommandResult lintian =
                Commands.run(Duration.ofMinutes(3), List.of("lintian", "--no-tag-display-limit", deb.toString()));
        List<String> errors =
                lintian.stdout().lines().filter(line -> line.startsWith("E:")).toList();
        assertEquals(List.of(), errors, "lintian errors");
        assertEquals(0, lintian.exitCode(), "lintian exit status; output:\n" + lintian.stdout() + lintian.stderr());
    }

    @Test
    void installsRunsAsTheUnitSaysAndPurgesClean() throws Exception {
        Path deb = deb().toAbsolutePath();
        assumeTrue(
                Commands.run("sh", "-c", "command -v dpkg && command -v apt-get")
                        .ok(),
                "no dpkg/apt-get on this machine");
        assumeFalse(
                Commands.run("dpkg-query", "-W", "-f=${Status}", PACKAGE)
                        .stdout()
                        .equals("install ok installed"),
                PACKAGE + " is installed on this machine already: the test would remove it");
        try {
            CommandResult install = apt("install", deb.toString());
            String said = install.stdout() + install.stderr();
            assertEquals(
                    1,
                    count(
                            said,
                            "generated random passwords for the admin, operator and viewer logins in /etc/keepalived-j/users.properties"),
                    "postinst says once where the passwords are:\n" + said);

            checkFiles();
            assertEquals(
                    0,
                    Commands.run(Duration.ofSeconds(60), List.of("/usr/sbin/keepalived-j", "-t"))
                            .exitCode(),
                    "keepalived-j -t");

            runAsTheUnitSays(password("viewer"));
        } finally {
            CommandResult purge = apt("purge", PACKAGE);
            assertTrue(purge.ok(), "purge: " + purge.stdout() + purge.stderr());
        }
        assertFalse(Commands.run("dpkg", "-L", PACKAGE).ok(), "dpkg still lists " + PACKAGE);
        for (String path : LEFT_BEHIND) {
            assertFalse(Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS), path + " left behind by the purge");
        }
        try (Stream<Path> info = Files.list(Path.of("/var/lib/dpkg/info"))) {
            assertEquals(
                    List.of(),
                    info.filter(p -> p.getFileName().toString().startsWith(PACKAGE + "."))
                            .toList());
        }
    }

    private static void checkFiles() throws IOException {
        assertMode("/usr/sbin/keepalived-j", "rwxr-xr-x", "root");
        assertMode("/usr/share/keepalived-j/bin/keepalived", "rwxr-xr-x", "root");
        assertMode("/etc/keepalived-j", "rwxr-x---", "root");
        assertMode("/etc/keepalived-j/keepalived.conf", "rw-r-----", "root");
        assertMode("/etc/keepalived-j/users.properties", "rw-------", "root");
        assertMode("/etc/default/keepalived-j", "rw-r--r--", "root");
        assertMode("/lib/systemd/system/keepalived-j.service", "rw-r--r--", "root");
        assertMode("/var/lib/keepalived-j", "rwx------", "root");
        assertMode("/var/log/keepalived-j", "rwxr-x---", "adm");
        assertMode("/usr/share/man/man8/keepalived-j.8.gz", "rw-r--r--", "root");
        assertEquals(Path.of("/etc/keepalived-j"), Files.readSymbolicLink(Path.of("/usr/share/keepalived-j/etc")));

        String conffiles = Commands.run("dpkg-query", "-W", "-f=${Conffiles}", PACKAGE)
                .orThrow()
                .stdout();
        for (String conffile : List.of(
                "/etc/keepalived-j/keepalived.conf",
                "/etc/keepalived-j/logback.xml",
                "/etc/keepalived-j/org.keepalivedj.cfg",
                "/etc/default/keepalived-j")) {
            assertTrue(conffiles.contains(" " + conffile + " "), conffile + " is not a conffile: " + conffiles);
        }
        assertFalse(conffiles.contains("users.properties"), "users.properties is generated, not a conffile");

        String users = Files.readString(Path.of("/etc/keepalived-j/users.properties"));
        for (String user : List.of("admin", "operator", "viewer")) {
            assertTrue(password(user).length() >= 20, user + " has a generated password");
            assertFalse(users.contains(user + " = " + user + ","), user + " has its name as password");
        }
        String unit = Files.readString(Path.of("/lib/systemd/system/keepalived-j.service"));
        assertTrue(
                unit.contains("\nType=notify\n")
                        && unit.contains("\nConflicts=keepalived.service\n")
                        && unit.contains("\nEnvironmentFile=-/etc/default/keepalived-j\n"),
                unit);
    }

    /** The unit's ExecStart with $DAEMON_ARGS from /etc/default/keepalived-j, split into words as systemd does. */
    private static List<String> execStart() throws IOException {
        String unit = Files.readString(Path.of("/lib/systemd/system/keepalived-j.service"));
        Matcher m = Pattern.compile("^ExecStart=(.*)$", Pattern.MULTILINE).matcher(unit);
        assertTrue(m.find(), "no ExecStart in the unit");
        String daemonArgs = Commands.run("sh", "-c", ". /etc/default/keepalived-j && printf %s \"$DAEMON_ARGS\"")
                .orThrow()
                .stdout();
        List<String> command = new ArrayList<>();
        for (String word : m.group(1).trim().split("\\s+")) {
            if (word.equals("$DAEMON_ARGS") || word.equals("${DAEMON_ARGS}")) {
                command.addAll(
                        daemonArgs.isBlank()
                                ? List.of()
                                : List.of(daemonArgs.trim().split("\\s+")));
            } else {
                assertFalse(word.contains("$"), "ExecStart has a variable this test does not expand: " + word);
                command.add(word);
            }
        }
        return command;
    }

    private static void runAsTheUnitSays(String viewerPassword) throws Exception {
        List<String> command = execStart();
        StringBuffer console = new StringBuffer();
        try (Netns ns = Netns.create(NAMESPACE)) {
            Process daemon = ns.start(command.toArray(String[]::new));
            Thread drain = new Thread(() -> copy(daemon.getInputStream(), console), "keepalived-j console");
            drain.setDaemon(true);
            drain.start();

            await(
                    "Jolokia answers the viewer with the generated password",
                    240_000,
                    daemon,
                    console,
                    () -> jolokia(ns, "viewer:" + viewerPassword) == 200);
            assertEquals(401, jolokia(ns, "viewer:viewer"), "viewer/viewer is no login");
            await(
                    "the VRRP instance of the default config is MASTER (console)",
                    60_000,
                    daemon,
                    console,
                    () -> console.indexOf("(VI_LOCAL) Entering MASTER STATE") >= 0);

            // SIGTERM to the daemon (the launcher execs the JVM, so the pid file names the JVM).
            long pid = Long.parseLong(Files.readString(Path.of("/var/lib/keepalived-j/keepalived.pid"))
                    .trim());
            assertEquals(daemon.pid(), pid, "the pid file names the process ExecStart started");
            Commands.run("kill", "-TERM", Long.toString(pid)).orThrow();
            assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "keepalived-j did not stop on SIGTERM");
            // Karaf exits 0 after its shutdown; a JVM ended by the signal itself exits 143 (the unit's
            // SuccessExitStatus).
            assertTrue(
                    daemon.exitValue() == 0 || daemon.exitValue() == 143,
                    "exit status after SIGTERM: " + daemon.exitValue());
            drain.join(5_000);

            // The console (the journal, under systemd) is keepalived-j's own lines, not Karaf's start-up.
            String out = console.toString();
            assertTrue(out.contains("Stopped keepalived-j"), out);
            for (String karafInfo :
                    List.of("Adding features", "Installing bundles", "Starting bundles", "JAVA_HOME not set")) {
                assertFalse(out.contains(karafInfo), "the console shows Karaf's \"" + karafInfo + "\":\n" + out);
            }
            assertTrue(
                    out.lines().count() < 100, "the console has " + out.lines().count() + " lines:\n" + out);
            assertTrue(
                    Files.readString(Path.of("/var/log/keepalived-j/keepalived.log"))
                            .contains("Stopped keepalived-j"),
                    "the log file is /var/log/keepalived-j/keepalived.log");
        }
    }

    /** Jolokia's answer status for the daemon's version, or -1 when nothing answers yet. */
    private static int jolokia(Netns ns, String credentials) {
        try {
            // On the namespace's own thread: the socket belongs to that namespace's loopback.
            return ns.call(() -> {
                HttpURLConnection c = (HttpURLConnection)
                        new URL("http://127.0.0.1:8181/jolokia/read/keepalived:type=Daemon/Version").openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(10000);
                c.setRequestProperty("Connection", "close");
                c.setRequestProperty(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
                try {
                    int status = c.getResponseCode();
                    if (status == 200) {
                        try (InputStream in = c.getInputStream()) {
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"status\":200")
                                    ? 200
                                    : -1;
                        }
                    }
                    return status;
                } catch (IOException notYet) {
                    return -1;
                }
            });
        } catch (Exception e) {
            return -1;
        }
    }

    private static void await(
            String what, long timeoutMillis, Process daemon, StringBuffer console, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (!daemon.isAlive()) {
                throw new AssertionError(
                        "keepalived-j exited with " + daemon.exitValue() + " before: " + what + "\n" + console);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within " + timeoutMillis + " ms: " + what + "\n" + console);
            }
            Thread.sleep(200);
        }
    }

    private static void copy(InputStream in, StringBuffer to) {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                to.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }

    private static String password(String user) throws IOException {
        Matcher m = Pattern.compile("^" + user + " = ([^,]+),", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("/etc/keepalived-j/users.properties")));
        assertTrue(m.find(), "no login " + user + " in /etc/keepalived-j/users.properties");
        return m.group(1);
    }

    private static void assertMode(String path, String mode, String group) throws IOException {
        PosixFileAttributes attributes =
                Files.readAttributes(Path.of(path), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertEquals(mode, PosixFilePermissions.toString(attributes.permissions()), "mode of " + path);
        assertEquals("root", attributes.owner().getName(), "owner of " + path);
        assertEquals(group, attributes.group().getName(), "group of " + path);
    }

    private static CommandResult apt(String action, String what) {
        return Commands.run(
                APT_TIMEOUT,
                List.of(
                        "env",
                        "DEBIAN_FRONTEND=noninteractive",
                        "apt-get",
                        "-y",
                        "-q",
                        "-o",
                        "DPkg::Lock::Timeout=120",
                        action,
                        what));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
