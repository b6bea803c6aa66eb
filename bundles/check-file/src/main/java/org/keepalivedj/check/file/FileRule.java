package org.keepalivedj.check.file;

import org.keepalivedj.api.check.CheckResult;

/**
 * What one FILE_CHECK makes of the number in its file (keepalived.conf(5), track_file):
 * <ul>
 * <li>weight 0: a non-zero value is down, zero is up (reverse swaps the two); the weight is untouched;</li>
 * <li>otherwise value * weight (negated with reverse) is added to the real server's configured
 * weight (the engine adds up the parts of all checks and keeps the sum within 0..65535); a product at
 * or below the int minimum is down.</li>
 * </ul>
 */
record FileRule(String path, int weight, boolean reverse) {
    CheckResult verdict(long value) {
        String from = path + " reads " + value;
        if (weight == 0) {
            boolean failed = (value != 0) != reverse;
            return failed ? CheckResult.down(from) : CheckResult.up(from);
        }
        long product = value * weight * (reverse ? -1L : 1L);
        if (product <= Integer.MIN_VALUE) {
            return CheckResult.down(from + ": weight adjustment " + product + " is the fault value");
        }
        long adjust = Math.min(product, Integer.MAX_VALUE);
        return CheckResult.upAddingWeight(
                (int) adjust, from + ": weight " + (adjust < 0 ? "- " : "+ ") + Math.abs(adjust));
    }
}
