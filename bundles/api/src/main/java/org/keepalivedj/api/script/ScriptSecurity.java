package org.keepalivedj.api.script;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * keepalived's enable_script_security rule: a script that would run as root is refused when any
 * part of its path could be changed by a non-root user. The script file and every directory above
 * it (after following symlinks) must be owned by root and not writable by group or others; a
 * root-owned directory with the sticky bit (such as /tmp) may be writable by others, because then
 * only a file's owner can replace it.
 */
public final class ScriptSecurity {

    private static final Set<PosixFilePermission> GROUP_OR_OTHER_WRITE =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final int STICKY = 01000;

    private ScriptSecurity() {}

    /** The problem with running this script line as {@code user}, or empty when it may run. */
    public static Optional<String> check(String commandLine, String user) {
        return check(CommandLine.split(commandLine == null ? "" : commandLine), user);
    }

    /** As {@link #check(String, String)} for a command already split into words. */
    public static Optional<String> check(List<String> command, String user) {
        if (!runsAsRoot(user)) {
            return Optional.empty(); // the rule is only about scripts run as root
        }
        if (command.isEmpty()) {
            return Optional.of("empty command");
        }
        String program = command.get(0);
        Optional<Path> found = locate(program);
        if (found.isEmpty()) {
            return Optional.of(program + " not found");
        }
        Path real;
        try {
            real = found.get().toRealPath();
        } catch (IOException e) {
            return Optional.of(program + " cannot be resolved: " + e.getMessage());
        }
        for (Path p = real; p != null; p = p.getParent()) {
            Optional<String> problem = unsafe(p, p == real);
            if (problem.isPresent()) {
                return Optional.of("it would run as root but " + problem.get());
            }
        }
        return Optional.empty();
    }

    /** script_user unset or root (in "user [group]"). */
    static boolean runsAsRoot(String user) {
        return user == null || user.isBlank() || user.trim().split("\\s+")[0].equals("root");
    }

    /** As the runner finds it: a word with a slash is a path (relative to our directory), else PATH is searched. */
    public static Optional<Path> locate(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program).toAbsolutePath();
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program).toAbsolutePath();
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> unsafe(Path p, boolean isScript) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            String what = isScript ? "the script " + p : "the directory " + p;
            if (uid != 0) {
                return Optional.of(what + " is owned by " + a.owner().getName() + ", not root");
            }
            boolean writable = a.permissions().stream().anyMatch(GROUP_OR_OTHER_WRITE::contains);
            boolean stickyDir = a.isDirectory() && (mode & STICKY) != 0;
            if (writable && !stickyDir) {
                return Optional.of(what + " is writable by group or others");
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot read the permissions of " + p + ": " + e.getMessage());
        }
    }

    /**
     * Remembers which refusals were already logged, so each refused script is logged once and not at
     * every run. {@link #first} is true the first time it sees a script with a given reason.
     */
    public static final class RefusalLog {
        private final Set<String> seen = ConcurrentHashMap.newKeySet();

        public boolean first(String script, String reason) {
            return seen.add(script + "\u0000" + reason);
        }
    }
}
