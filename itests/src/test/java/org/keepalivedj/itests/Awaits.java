package org.keepalivedj.itests;

import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes: no fixed sleeps in tests. */
public final class Awaits {
    private Awaits() {}

    public static void until(String what, Callable<Boolean> condition) throws Exception {
        until(what, 30_000, condition);
    }

    public static void until(String what, long timeoutMillis, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
