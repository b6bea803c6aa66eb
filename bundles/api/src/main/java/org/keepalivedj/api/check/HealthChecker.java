package org.keepalivedj.api.check;

/**
 * A running check of one real server. Minimal for now: the health-check engine defines scheduling;
 * a checker reports each outcome to its listener and stops on close.
 */
public interface HealthChecker extends AutoCloseable {
    /** Receives each check outcome. */
    interface Listener {
        void onResult(boolean up, String detail);
    }

    void start(Listener listener);

    @Override
    void close();
}
