package org.keepalivedj.benchmarks.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Resident memory, threads and heap of another process: /proc/PID/status, and jcmd for a JVM's heap. */
public final class ProcessMemory {
    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private ProcessMemory() {}

    /** VmRSS of one process in kB; 0 when it is gone. */
    public static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** The number of threads of a process; 0 when it is gone. */
    public static long threads(long pid) {
        return statusField(pid, "Threads:");
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** VmRSS summed over a process and all its descendants (keepalived's parent, VRRP and checker children), in MB. */
    static double treeRssMb(ProcessHandle root) {
        long kb = Stream.concat(Stream.of(root), root.descendants())
                .mapToLong(p -> rssKb(p.pid()))
                .sum();
        return kb / 1024.0;
    }

    /** Heap used and committed in MB, summed over the collector's generations (jcmd GC.heap_info). */
    public static double[] heap(long pid) throws Exception {
        double used = 0;
        double committed = 0;
        for (String line : jdk("jcmd", Long.toString(pid), "GC.heap_info").split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = HEAP.matcher(line);
            if (m.find()) {
                committed += Long.parseLong(m.group(1)) / 1024.0;
                used += Long.parseLong(m.group(2)) / 1024.0;
            }
        }
        return new double[] {used, committed};
    }

    /** Runs a JDK tool next to the java running this benchmark and returns its output. */
    public static String jdk(String tool, String... args) throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        List<String> command =
                new ArrayList<>(List.of(javaHome.resolve("bin").resolve(tool).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
