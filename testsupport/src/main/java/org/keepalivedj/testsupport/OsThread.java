package org.keepalivedj.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A thread of this JVM as the kernel sees it, /proc/self/task/TID: its voluntary context switches
 * count how often it went to sleep, so over an idle window they count its wake-ups.
 */
public final class OsThread {

    /** The kernel keeps the first 15 characters of a thread's name (its comm). */
    private static final int COMM_LENGTH = 15;

    private final Path task;

    private OsThread(Path task) {
        this.task = task;
    }

    /** The threads of this JVM with this Java name, as far as the kernel keeps it (15 characters). */
    public static List<OsThread> named(String name) throws IOException {
        String comm = name.length() > COMM_LENGTH ? name.substring(0, COMM_LENGTH) : name;
        List<OsThread> threads = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(comm)) {
                        threads.add(new OsThread(task));
                    }
                } catch (NoSuchFileException ended) {
                    // the thread ended while we looked
                }
            }
        }
        return threads;
    }

    /** How often it has gone to sleep (voluntary_ctxt_switches). */
    public long voluntarySwitches() {
        return Long.parseLong(statusField("voluntary_ctxt_switches"));
    }

    /** Sleeping (blocked in the kernel), not running or runnable. */
    public boolean sleeping() {
        return statusField("State").startsWith("S");
    }

    /** The thread has exited. */
    public boolean ended() {
        return !Files.exists(task);
    }

    private String statusField(String name) {
        try {
            for (String line : Files.readAllLines(task.resolve("status"))) {
                if (line.startsWith(name + ":")) {
                    return line.substring(name.length() + 1).strip();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + name + " in " + task.resolve("status"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OsThread other && task.equals(other.task);
    }

    @Override
    public int hashCode() {
        return task.hashCode();
    }

    @Override
    public String toString() {
        return "thread " + task.getFileName();
    }
}
