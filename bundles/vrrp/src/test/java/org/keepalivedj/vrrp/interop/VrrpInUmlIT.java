package org.keepalivedj.vrrp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.keepalivedj.testsupport.RequiresRootCondition;

/**
 * Boots user-mode-linux with the ipvs bundle's src/test/uml/run-in-uml.sh (its kernel has the
 * ipvlan and vrf modules this host's kernel lacks), runs the VRRP tests that need them inside it
 * with this JVM's own java and classpath, and fails unless every one of them ran and passed there.
 * Skips when this machine cannot boot the guest.
 */
class VrrpInUmlIT {

    static final List<Class<?>> KERNEL_TESTS = List.of(IpvlanInteropTest.class, VrfInteropTest.class);
    /** The guest's limit: the JVM in it is slow, and slower still while the host is busy. */
    private static final int GUEST_TIMEOUT_SECONDS = 540;

    private static final long TIMEOUT_SECONDS = GUEST_TIMEOUT_SECONDS + 60;

    @Test
    void vrrpKernelTestsPassInsideUserModeLinux() throws Exception {
        assumeTrue(RequiresRootCondition.isRoot(), "skipped: booting user-mode-linux needs root");
        for (String needed : List.of("/usr/bin/linux.uml", "/bin/busybox", "/usr/sbin/keepalived")) {
            assumeTrue(
                    Files.isExecutable(Path.of(needed)),
                    "skipped: " + needed
                            + " missing; apt-get install user-mode-linux busybox-static keepalived to run these tests");
        }
        Path script = Path.of(System.getProperty("uml.script", "../ipvs/src/test/uml/run-in-uml.sh"));
        Path work = Path.of(System.getProperty("uml.workdir", "target/uml")).toAbsolutePath();
        Files.createDirectories(work);
        Path report = work.resolve("report.txt");
        Files.deleteIfExists(report);

        List<String> command = new ArrayList<>(List.of(
                script.toString(),
                work.toString(),
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
        List<Class<?>> tests = selected();
        tests.forEach(c -> command.add(c.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("UML_TIMEOUT", Integer.toString(GUEST_TIMEOUT_SECONDS));
        Process p = builder.start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "user-mode-linux did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        System.out.println(text);

        assertTrue(Files.exists(report), "no report from the guest (exit " + p.exitValue() + "):\n" + text);
        List<String> lines = Files.readAllLines(report);
        for (Class<?> c : tests) {
            assertTrue(
                    lines.stream().anyMatch(l -> l.startsWith("PASS " + c.getName() + "#")),
                    c.getSimpleName() + " did not pass inside the guest:\n" + String.join("\n", lines));
        }
        assertEquals(
                List.of(),
                lines.stream().filter(l -> !l.startsWith("PASS ")).toList(),
                "every VRRP kernel test must run and pass inside the guest");
        assertEquals(0, p.exitValue(), text);
    }

    /** KERNEL_TESTS, or those named (simple names, comma-separated) by -Duml.tests=VrfInteropTest. */
    private static List<Class<?>> selected() {
        String names = System.getProperty("uml.tests", "").trim();
        if (names.isEmpty()) {
            return KERNEL_TESTS;
        }
        List<String> wanted = List.of(names.split("\\s*,\\s*"));
        List<Class<?>> tests = KERNEL_TESTS.stream()
                .filter(c -> wanted.contains(c.getSimpleName()))
                .toList();
        assertEquals(wanted.size(), tests.size(), "uml.tests names a class not in KERNEL_TESTS: " + names);
        return tests;
    }

    /**
     * The test classpath as failsafe gives it to this JVM, copied into the work dir, the one host
     * directory the guest is sure to see: the guest mounts its own tmpfs on /tmp (so a checkout under
     * /tmp would be invisible), and the local Maven repository is shared, so another build installing
     * a jar while the guest reads it would break the run.
     */
    private static String classpath(Path lib) throws java.io.IOException {
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
                Files.copy(path, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
