package org.keepalivedj.testsupport;

import java.util.List;

/** What a finished command left behind: its exit code and everything it printed. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result when the command succeeded, else throws with its output in the message. */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new IllegalStateException("command " + String.join(" ", command) + " exited " + exitCode
                    + (stderr.isBlank() ? "" : ": " + stderr.strip())
                    + (stdout.isBlank() ? "" : " (stdout: " + stdout.strip() + ")"));
        }
        return this;
    }
}
