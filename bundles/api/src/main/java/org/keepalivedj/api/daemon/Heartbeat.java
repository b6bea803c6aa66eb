package org.keepalivedj.api.daemon;

/**
 * A timer thread's sign of life. The thread ticks often (every 50-100 ms); the core watchdog reads
 * the age of the last tick and reports a thread that stopped ticking.
 */
public interface Heartbeat {

    /** The thread's name for logs, e.g. {@code vrrp-timer}. */
    String name();

    /** {@link System#nanoTime()} of the last tick. */
    long lastTickNanos();
}
