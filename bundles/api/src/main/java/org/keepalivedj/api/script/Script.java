package org.keepalivedj.api.script;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One script to run: the line as configured (split into words as keepalived does, by
 * {@link CommandLine#split}), words appended after it, who runs it and how long it may run.
 *
 * @param purpose what it is, for log lines ("notify script", "startup script", "vrrp_script chk")
 * @param line    the configured command line
 * @param args    words appended to the line's own (the generic notify's INSTANCE NAME STATE PRIORITY)
 * @param user    "user [group]" to run as (global_defs script_user or the script's own user); null or
 *                root: as ourselves
 * @param secure  global_defs enable_script_security: refuse a script unsafe to run as root
 * @param timeout how long it may run before its process tree is killed; null: the service's notify
 *                timeout (the one policy for every notify script)
 * @param exitIsAnswer the exit status is the script's answer (a vrrp_script check), so a non-zero one
 *                is not logged as a failure
 */
public record Script(
        String purpose,
        String line,
        List<String> args,
        String user,
        boolean secure,
        Duration timeout,
        boolean exitIsAnswer) {

    public Script {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(line, "line");
        args = List.copyOf(args);
    }

    /** A notify script with the service's notify timeout. */
    public static Script notify(String line, List<String> args, String user, boolean secure) {
        return new Script("notify script", line, args, user, secure, null, false);
    }

    /** A script whose result the caller needs: startup_script, shutdown_script. */
    public static Script lifecycle(String purpose, String line, String user, boolean secure, Duration timeout) {
        return new Script(purpose, line, List.of(), user, secure, timeout, false);
    }

    /** A check (vrrp_script): its exit status is the answer. */
    public static Script check(String purpose, String line, String user, boolean secure, Duration timeout) {
        return new Script(purpose, line, List.of(), user, secure, timeout, true);
    }

    /** The full command: the line's words, then {@link #args}. */
    public List<String> command() {
        List<String> words = new java.util.ArrayList<>(CommandLine.split(line));
        words.addAll(args);
        return words;
    }
}
