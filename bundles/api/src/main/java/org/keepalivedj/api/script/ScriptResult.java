package org.keepalivedj.api.script;

import java.time.Duration;

/**
 * How one script run ended: its exit status, or that it was killed at its deadline, or that it could
 * not be started (then {@code error} says why).
 */
public record ScriptResult(int exitCode, boolean timedOut, String error, Duration took) {

    /** The status keepalived reports for a script it killed or could not run. */
    public static final int NO_STATUS = -1;

    public boolean ok() {
        return !timedOut && error == null && exitCode == 0;
    }

    /** For log lines: {@code exit status 3}, {@code timed out after 2s}, {@code not started: ...}. */
    public String describe() {
        if (timedOut) {
            return "timed out after " + took.toMillis() + " ms and was killed";
        }
        if (error != null) {
            return "failed: " + error;
        }
        return "exit status " + exitCode;
    }
}
