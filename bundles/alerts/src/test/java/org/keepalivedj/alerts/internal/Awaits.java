package org.keepalivedj.alerts.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a generous deadline passes. */
final class Awaits {
    private Awaits() {}

    static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 30 s: " + what.get());
            }
            Thread.sleep(50);
        }
    }
}
