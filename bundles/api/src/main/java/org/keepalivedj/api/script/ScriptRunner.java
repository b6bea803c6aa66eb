package org.keepalivedj.api.script;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one script and waits for it, up to a deadline. At the deadline (or when the waiting thread is
 * interrupted) the script and every process it started are killed, so a hanging script never leaves
 * children behind. Output is discarded, as keepalived does. Blocking: call it from a worker thread,
 * never from a timer or event-loop thread.
 */
public final class ScriptRunner {

    private ScriptRunner() {
    }

    /** A keepalived script line, run as {@code user} ("user [group]", null or root: as ourselves). */
    public static ScriptResult run(String line, String user, Duration timeout) {
        return run(CommandLine.asUser(user, CommandLine.split(line)), timeout);
    }

    /** A command as words; a null timeout waits as long as it runs. */
    public static ScriptResult run(List<String> command, Duration timeout) {
        long start = System.nanoTime();
        if (command.isEmpty()) {
            return new ScriptResult(ScriptResult.NO_STATUS, false, "empty command", Duration.ZERO);
        }
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return new ScriptResult(ScriptResult.NO_STATUS, false, e.getMessage(), since(start));
        }
        try {
            if (timeout == null) {
                p.waitFor();
            } else if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                killTree(p);
                return new ScriptResult(ScriptResult.NO_STATUS, true, null, since(start));
            }
            return new ScriptResult(p.exitValue(), false, null, since(start));
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            return new ScriptResult(ScriptResult.NO_STATUS, false, "interrupted (stopping)", since(start));
        }
    }

    private static void killTree(Process p) {
        // Children first: once the parent is gone they are reparented and no longer its descendants.
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
