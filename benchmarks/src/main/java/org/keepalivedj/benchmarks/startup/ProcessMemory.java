package org.keepalivedj.benchmarks.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Resident memory of processes, from /proc/PID/status (VmRSS). */
final class ProcessMemory {
    private ProcessMemory() {}

    /** VmRSS of one process in kB; 0 when it is gone. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
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
}
