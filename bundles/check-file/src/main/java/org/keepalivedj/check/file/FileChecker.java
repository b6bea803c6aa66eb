package org.keepalivedj.check.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.config.checkers.FileCheckSpec;

/**
 * One FILE_CHECK: reads the number at the start of track_file (a missing or empty file reads as 0).
 * weight 0: any non-zero value is down. Otherwise value * weight (negated with reverse) is the
 * adjustment to the real server's weight, reported as the result's weight; -254 or less is down.
 */
final class FileChecker implements HealthChecker {
    /** An adjustment at or below this takes the real server down, as in keepalived. */
    static final int DOWN_AT = -254;

    private final CheckRuntime runtime;
    private final FileCheckSpec spec;

    FileChecker(CheckRuntime runtime, FileCheckSpec spec) {
        this.runtime = runtime;
        this.spec = spec;
    }

    @Override
    public CompletableFuture<CheckResult> check() {
        try {
            return CompletableFuture.supplyAsync(this::read, runtime.blockingPool());
        } catch (RejectedExecutionException busy) {
            return CompletableFuture.completedFuture(CheckResult.down("too much blocking work queued"));
        }
    }

    private CheckResult read() {
        long value;
        try {
            value = parse(Files.readString(Path.of(spec.trackFile())));
        } catch (NoSuchFileException missing) {
            value = 0;
        } catch (IOException | RuntimeException e) {
            return CheckResult.down("cannot read " + spec.trackFile() + ": " + e.getMessage());
        }
        return verdict(value);
    }

    /** The leading (signed) integer of the text; 0 when there is none. */
    static long parse(String text) {
        String t = text.strip();
        int end = 0;
        if (end < t.length() && (t.charAt(end) == '-' || t.charAt(end) == '+')) {
            end++;
        }
        while (end < t.length() && Character.isDigit(t.charAt(end)) && end < 12) {
            end++;
        }
        String digits = t.substring(0, end);
        return digits.isEmpty() || digits.equals("-") || digits.equals("+") ? 0 : Long.parseLong(digits);
    }

    CheckResult verdict(long value) {
        String from = spec.trackFile() + " reads " + value;
        if (spec.weight() == 0) {
            return value == 0 ? CheckResult.up(from) : CheckResult.down(from);
        }
        long adjust = value * spec.weight() * (spec.reverse() ? -1 : 1);
        if (adjust <= DOWN_AT) {
            return CheckResult.down(from + ": weight adjustment " + adjust);
        }
        int clamped = (int) Math.min(adjust, 253);
        return CheckResult.upWithWeight(clamped, from + ": weight adjustment " + clamped);
    }
}
