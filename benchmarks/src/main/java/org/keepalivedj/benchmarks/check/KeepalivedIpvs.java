package org.keepalivedj.benchmarks.check;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where keepalived's checker process gets IPVS from in {@link CheckerSideBySideBenchmark}: the
 * kernel's (inside user-mode-linux, or a host kernel that has it), or, on a host without IPVS,
 * the stand-in {@code fake_ipvs.c} compiled here with gcc and loaded into keepalived alone with
 * LD_PRELOAD. The stand-in only answers IPVS control calls; keepalived's checks run unchanged.
 *
 * @param mode        how keepalived ran, for the table
 * @param environment extra environment for keepalived (empty with the kernel's IPVS)
 */
record KeepalivedIpvs(String mode, Map<String, String> environment) {
    static final String STAND_IN_MODE = "host, IPVS stand-in";
    private static final String SOURCE = "fake_ipvs.c";

    /** Picks the mode; compiles the stand-in into {@code work} when the kernel has no IPVS. */
    static KeepalivedIpvs prepare(Path work) throws IOException, InterruptedException {
        if (Files.exists(Path.of("/proc/net/ip_vs"))) {
            return new KeepalivedIpvs(underUserModeLinux() ? "user-mode-linux" : "host, kernel IPVS", Map.of());
        }
        if (!onPath("gcc")) {
            throw new IllegalStateException("this kernel has no IPVS and there is no gcc to build the IPVS stand-in");
        }
        Path source = work.resolve(SOURCE);
        try (InputStream in = KeepalivedIpvs.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SOURCE + " is not on the classpath (benchmarks/target/classes)");
            }
            Files.copy(in, source);
        }
        Path library = work.resolve("fake_ipvs.so");
        Path log = work.resolve("gcc.log");
        Process gcc = new ProcessBuilder(
                        "gcc", "-shared", "-fPIC", "-O2", "-o", library.toString(), source.toString(), "-ldl")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            gcc.destroyForcibly();
            throw new IllegalStateException("gcc could not build the IPVS stand-in: "
                    + Files.readString(log).trim());
        }
        // FAKE_IPVS_TRACE: the stand-in logs each kind of call it answered once, so keepalived's log shows it.
        return new KeepalivedIpvs(STAND_IN_MODE, Map.of("LD_PRELOAD", library.toString(), "FAKE_IPVS_TRACE", "1"));
    }

    private static boolean underUserModeLinux() throws IOException {
        return Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII)
                .contains("User Mode Linux");
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
