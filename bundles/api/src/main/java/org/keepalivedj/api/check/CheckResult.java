package org.keepalivedj.api.check;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The outcome of one check attempt. {@code detail} says why, in an operator's words ("connection
 * refused", "HTTP status 503", "digest mismatch"). {@code weight} is set when the check also sets the
 * real server's weight: the weight it asks for (MISC_CHECK misc_dynamic), or with {@code weightAdds}
 * what it adds to the configured weight (FILE_CHECK: value * weight). With several such checks on
 * one server the engine adds up their parts (what each asks for beyond the configured weight, or
 * adds) on the configured weight, as keepalived does. {@code pending} marks an attempt that passed
 * one step of a check spread over several attempts (HTTP_GET recovering one url per delay_loop): no
 * verdict yet, the engine counts nothing and asks again after delay_loop.
 */
public record CheckResult(boolean up, String detail, OptionalInt weight, boolean weightAdds, boolean pending) {
    public CheckResult {
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(weight, "weight");
    }

    /** A verdict (not pending). */
    public CheckResult(boolean up, String detail, OptionalInt weight, boolean weightAdds) {
        this(up, detail, weight, weightAdds, false);
    }

    /** A result whose weight, if any, is the weight asked for. */
    public CheckResult(boolean up, String detail, OptionalInt weight) {
        this(up, detail, weight, false);
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

    /** One step passed, no verdict yet: the engine asks again after delay_loop. */
    public static CheckResult pending(String detail) {
        return new CheckResult(false, detail, OptionalInt.empty(), false, true);
    }

    /** Up, adding this much (negative: taking it away) to the real server's configured weight. */
    public static CheckResult upAddingWeight(int change, String detail) {
        return new CheckResult(true, detail, OptionalInt.of(change), true);
    }
}
