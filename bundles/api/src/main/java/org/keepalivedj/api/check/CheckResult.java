package org.keepalivedj.api.check;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The outcome of one check attempt. {@code detail} says why, in an operator's words ("connection
 * refused", "HTTP status 503", "digest mismatch"). {@code weight} is set when the check also sets the
 * real server's weight (MISC_CHECK misc_dynamic, FILE_CHECK).
 */
public record CheckResult(boolean up, String detail, OptionalInt weight) {
    public CheckResult {
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(weight, "weight");
    }

    public static CheckResult up(String detail) {
        return new CheckResult(true, detail, OptionalInt.empty());
    }

    public static CheckResult down(String detail) {
        return new CheckResult(false, detail, OptionalInt.empty());
    }

    public static CheckResult upWithWeight(int weight, String detail) {
        return new CheckResult(true, detail, OptionalInt.of(weight));
    }
}
