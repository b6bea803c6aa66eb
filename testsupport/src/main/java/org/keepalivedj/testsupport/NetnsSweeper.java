package org.keepalivedj.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes namespaces left behind by earlier test runs that died before cleaning up. A namespace
 * is ours when its name starts with {@code kj-<pid>-}; it is a leftover when that process is gone.
 * Namespaces of live runs (other engineers' builds) are never touched.
 */
public final class NetnsSweeper {

    private static final Pattern OURS = Pattern.compile("^" + Pattern.quote(NetLab.PREFIX) + "(\\d+)-\\S+");

    private NetnsSweeper() {}

    /** Deletes leftovers (killing any process still inside them) and returns their names. */
    public static List<String> sweep() {
        List<String> removed = new ArrayList<>();
        for (String name : leftovers()) {
            CommandResult pids = Commands.run("ip", "netns", "pids", name);
            for (String pid : pids.stdout().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            if (Commands.run("ip", "netns", "delete", name).ok()) {
                removed.add(name);
            }
        }
        return removed;
    }

    /** Our namespaces whose creating process no longer exists. */
    public static List<String> leftovers() {
        List<String> result = new ArrayList<>();
        CommandResult list = Commands.run("ip", "netns", "list");
        for (String line : list.stdout().split("\n")) {
            Matcher m = OURS.matcher(line.strip());
            if (m.find() && !isAlive(Long.parseLong(m.group(1)))) {
                result.add(line.strip().split("\\s+")[0]);
            }
        }
        return result;
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
