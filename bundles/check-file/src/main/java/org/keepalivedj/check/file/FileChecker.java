package org.keepalivedj.check.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.check.support.CheckRuntime;

/**
 * One FILE_CHECK: reads the number at the start of the tracked file (a missing or empty file reads
 * as 0; a number outside the int range is ignored, keeping the last value) and lets the
 * {@link FileRule} decide.
 */
final class FileChecker implements HealthChecker {
    private final CheckRuntime runtime;
    private final FileRule rule;
    private volatile long lastValue;

    FileChecker(CheckRuntime runtime, FileRule rule) {
        this.runtime = runtime;
        this.rule = rule;
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
        String text;
        try {
            byte[] head;
            try (var in = Files.newInputStream(Path.of(rule.path()))) {
                head = in.readNBytes(127);
            }
            text = new String(head, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException missing) {
            text = "";
        } catch (IOException | RuntimeException e) {
            return CheckResult.down("cannot read " + rule.path() + ": " + e.getMessage());
        }
        OptionalLong value = parse(text);
        if (value.isPresent()) {
            lastValue = value.getAsLong();
        }
        return rule.verdict(lastValue);
    }

    /**
     * The number at the start of the text, as C's strtol with base 0 reads it (leading blanks, a
     * sign, 0x for hex, a leading 0 for octal; nothing numeric reads as 0). Empty when it lies
     * outside -2^31..2^31, which keepalived ignores.
     */
    static OptionalLong parse(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < n
                && text.charAt(i) == '0'
                && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                && i + 2 < n
                && Character.digit(text.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < n && text.charAt(i) == '0') {
            radix = 8;
        }
        long value = 0;
        while (i < n && Character.digit(text.charAt(i), radix) >= 0) {
            value = value * radix + Character.digit(text.charAt(i), radix);
            if (value > (1L << 31)) {
                return OptionalLong.empty();
            }
            i++;
        }
        value = negative ? -value : value;
        return value > (1L << 31) || value < Integer.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
