package org.keepalivedj.api.script;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The notifications one user of a {@link ScriptService} handed over and that have not finished, so
 * that it can wait for them (at shutdown, in tests) without waiting for other users' scripts.
 * Thread-safe.
 */
public final class PendingScripts {

    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

    /** Keeps a script's future (from {@link ScriptService#submit}, or a stage after it) until it completes. */
    public void track(CompletableFuture<?> done) {
        pending.add(done);
        done.whenComplete((r, e) -> pending.remove(done));
    }

    /**
     * Waits up to timeoutMillis for the scripts handed over so far; a script still running then goes
     * on under the service's timeout.
     */
    public void drain(long timeoutMillis) {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a script still running goes on under the service's timeout
        }
    }
}
