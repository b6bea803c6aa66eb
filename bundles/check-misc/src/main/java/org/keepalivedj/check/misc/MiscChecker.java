package org.keepalivedj.check.misc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.script.ScriptSecurity;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.config.checkers.MiscCheckSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MISC_CHECK: runs misc_path (through /bin/sh, as the script user when one is given) and reads
 * its exit status: 0 up, 1 down; with misc_dynamic, 2-255 is up with weight status - 2. The process
 * (and what it started) is killed when misc_timeout passes or the engine cancels the attempt.
 */
final class MiscChecker implements HealthChecker {
    private static final Logger LOG = LoggerFactory.getLogger(MiscChecker.class);
    private static final ScriptSecurity.RefusalLog REFUSALS = new ScriptSecurity.RefusalLog();

    private final CheckRuntime runtime;
    private final MiscCheckSpec spec;
    private final Duration timeout;
    private final String user;
    private final boolean scriptSecurity;
    private final List<String> command;

    MiscChecker(CheckRuntime runtime, MiscCheckSpec spec, Duration timeout) {
        this(runtime, spec, timeout, spec.user(), false);
    }

    /** user: who runs the script (null: ourselves); scriptSecurity: enable_script_security is set. */
    MiscChecker(CheckRuntime runtime, MiscCheckSpec spec, Duration timeout, String user, boolean scriptSecurity) {
        this.runtime = runtime;
        this.spec = spec;
        this.timeout = timeout;
        this.user = user;
        this.scriptSecurity = scriptSecurity;
        List<String> c = new ArrayList<>();
        if (user != null && !user.equals(System.getProperty("user.name"))) {
            String[] userGroup = user.trim().split("\\s+");
            c.addAll(List.of("/usr/sbin/runuser", "-u", userGroup[0]));
            if (userGroup.length > 1) {
                c.addAll(List.of("-g", userGroup[1]));
            }
            c.add("--");
        }
        c.addAll(List.of("/bin/sh", "-c", spec.path()));
        this.command = List.copyOf(c);
    }

    @Override
    public CompletableFuture<CheckResult> check() {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        try {
            // fork/exec can block: start on the bounded pool, then wait for the exit without a thread.
            runtime.blockingPool().execute(() -> run(result));
        } catch (RejectedExecutionException busy) {
            result.complete(CheckResult.down("too many scripts waiting to start"));
        }
        return result;
    }

    private void run(CompletableFuture<CheckResult> result) {
        if (result.isDone()) {
            return;
        }
        if (scriptSecurity) {
            // Checked at every run: a path made unsafe after the config was loaded is caught too.
            Optional<String> refused = ScriptSecurity.check(spec.path(), user);
            if (refused.isPresent()) {
                if (REFUSALS.first(spec.path(), refused.get())) {
                    LOG.warn("MISC_CHECK {} refused by enable_script_security: {}", spec.path(), refused.get());
                }
                result.complete(CheckResult.down("refused by enable_script_security: " + refused.get()));
                return;
            }
        }
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (Exception e) {
            result.complete(CheckResult.down("cannot run " + spec.path() + ": " + e.getMessage()));
            return;
        }
        result.whenComplete((r, e) -> killTree(p));
        var timer = runtime.eventLoops()
                .schedule(
                        () -> result.complete(CheckResult.down(
                                spec.path() + " timed out after " + timeout.toMillis() + " ms, killed")),
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        p.onExit().thenAccept(done -> {
            timer.cancel(false);
            result.complete(verdict(done.exitValue()));
        });
    }

    /**
     * misc_timeout (else delay_loop) bounds an attempt, not connect_timeout; the engine's deadline is a
     * second later, so the script's own timeout (kill, then "timed out") reports first.
     */
    @Override
    public Optional<Duration> attemptTimeout() {
        return Optional.of(timeout.plusSeconds(1));
    }

    CheckResult verdict(int status) {
        if (status == 0) {
            return CheckResult.up(spec.path() + " exited 0");
        }
        if (spec.dynamic() && status >= 2 && status <= 255) {
            return CheckResult.upWithWeight(status - 2, spec.path() + " exited " + status + ": weight " + (status - 2));
        }
        return CheckResult.down(spec.path() + " exited " + status);
    }

    private static void killTree(Process p) {
        if (p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
