package org.keepalivedj.testsupport.uml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.keepalivedj.testsupport.RequiresRootCondition;

/**
 * The user-mode-linux guest booted by bundles/ipvs's {@code src/test/uml/run-in-uml.sh}: a real
 * kernel with the modules this host's kernel lacks (IPVS, ipvlan, vrf), the host's files visible
 * read-only, its own /tmp, and one writable work directory. Each module's pom names the script in
 * the {@code uml.script} system property.
 */
public final class UmlGuest {

    private UmlGuest() {}

    /**
     * What Debian's user-mode-linux 6.1 kernel prints, and then panics, on a host whose CPU state
     * (its XSAVE area: AMX tiles, for one) is larger than that kernel can hand to ptrace: every
     * guest process dies on its first switch, so no guest can run on such a host.
     */
    static final String HOST_CPU_STATE_TOO_LARGE = "ptrace set fp regs failed";

    /**
     * Skips the calling test unless this machine runs as root and has the guest's and each given
     * executable. A host whose CPU the guest cannot run on is found when the guest boots ({@link #run}).
     */
    public static void assumeBootable(String... executables) {
        assumeTrue(RequiresRootCondition.isRoot(), "skipped: booting user-mode-linux needs root");
        List<String> needed = new ArrayList<>(List.of("/usr/bin/linux.uml", "/bin/busybox"));
        needed.addAll(List.of(executables));
        for (String path : needed) {
            assumeTrue(
                    Files.isExecutable(Path.of(path)),
                    "skipped: " + path + " is not installed (.ci/run installs what the user-mode-linux tests need)");
        }
    }

    /** A work directory for the guest: the only host directory it may write, and sure to see. */
    public static Path workDir(String name) throws IOException {
        Path work = Path.of(System.getProperty("uml.workdir", "target/" + name)).toAbsolutePath();
        Files.createDirectories(work);
        return work;
    }

    /**
     * Runs a command in the guest and returns its output; fails unless the guest finished within
     * {@code guestSeconds} (plus a minute for the host's side).
     */
    public static Run run(Path work, int guestSeconds, List<String> command) throws Exception {
        String script = System.getProperty("uml.script");
        assertTrue(script != null, "the module's pom must set the uml.script system property");
        List<String> line = new ArrayList<>(List.of(script, work.toString()));
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().put("UML_TIMEOUT", Integer.toString(guestSeconds));
        Process p = builder.start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(guestSeconds + 60L, TimeUnit.SECONDS), "user-mode-linux did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        System.out.println(text);
        if (p.exitValue() != 0) {
            skipIfThisHostCannotBootTheGuest(work.resolve("console.log"));
        }
        return new Run(p.exitValue(), text);
    }

    /**
     * Skips the calling test when the guest died of the host incompatibility above; a guest that
     * failed for any other reason is left to fail the test, with its console.
     */
    private static void skipIfThisHostCannotBootTheGuest(Path console) throws IOException {
        if (!Files.exists(console)) {
            return;
        }
        Files.readAllLines(console).stream()
                .filter(l -> l.contains(HOST_CPU_STATE_TOO_LARGE))
                .findFirst()
                .ifPresent(l -> abort("skipped: this host cannot run user-mode-linux: its kernel panics at the"
                        + " guest's first process (\"" + l.strip() + "\": the host CPU's register state is"
                        + " larger than Debian's user-mode-linux kernel handles)"));
    }

    /** What a command run in the guest printed, and its exit status (125: the guest gave no answer). */
    public record Run(int exitValue, String output) {}

    /**
     * Runs test classes inside the guest with this JVM's own java and test classpath ({@link
     * UmlTestRunner}), and fails unless every one of them ran and passed there. {@code
     * -Duml.tests=A,B} (simple class names) runs only those of them.
     */
    public static void runTests(String what, Path work, int guestSeconds, List<Class<?>> all) throws Exception {
        List<Class<?>> tests = selected(all);
        Path report = work.resolve("report.txt");
        Files.deleteIfExists(report);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djunit.jupiter.extensions.autodetection.enabled=false",
                "-Djunit.jupiter.execution.timeout.default=120s",
                "-cp",
                classpath(work.resolve("lib")),
                UmlTestRunner.class.getName(),
                report.toString()));
        tests.forEach(c -> command.add(c.getName()));
        Run run = run(work, guestSeconds, command);

        assertTrue(Files.exists(report), "no report from the guest (exit " + run.exitValue() + "):\n" + run.output());
        List<String> lines = Files.readAllLines(report);
        for (Class<?> c : tests) {
            assertTrue(
                    lines.stream().anyMatch(l -> l.startsWith("PASS " + c.getName() + "#")),
                    c.getSimpleName() + " did not pass inside the guest:\n" + String.join("\n", lines));
        }
        assertEquals(
                List.of(),
                lines.stream().filter(l -> !l.startsWith("PASS ")).toList(),
                "every " + what + " test must run and pass inside the guest");
        assertEquals(0, run.exitValue(), run.output());
    }

    private static List<Class<?>> selected(List<Class<?>> all) {
        String names = System.getProperty("uml.tests", "").trim();
        if (names.isEmpty()) {
            return all;
        }
        List<String> wanted = List.of(names.split("\\s*,\\s*"));
        List<Class<?>> tests =
                all.stream().filter(c -> wanted.contains(c.getSimpleName())).toList();
        assertEquals(wanted.size(), tests.size(), "uml.tests names a class that is not one of " + all);
        return tests;
    }

    /**
     * The test classpath as failsafe gives it to this JVM, copied into the work dir, the one host
     * directory the guest is sure to see: the guest mounts its own tmpfs on /tmp (so a checkout under
     * /tmp would be invisible), and the local Maven repository is shared, so another build installing
     * a jar while the guest reads it would break the run.
     */
    private static String classpath(Path lib) throws IOException {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        Files.createDirectories(lib);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : cp.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                Path copy = lib.resolve((n++) + "-" + path.getFileName());
                Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                entries.add(copy.toString());
            } else if (Files.isDirectory(path)) {
                Path copy = lib.resolve((n++) + "-" + path.getFileName());
                copyTree(path, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
