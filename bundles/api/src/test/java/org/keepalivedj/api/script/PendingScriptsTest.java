package org.keepalivedj.api.script;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingScriptsTest {

    @Test
    void drainWaitsForWhatWasHandedOver() {
        ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();
        try {
            PendingScripts pending = new PendingScripts();
            CompletableFuture<Void> script = new CompletableFuture<>();
            pending.track(script);
            pool.schedule(() -> script.complete(null), 100, TimeUnit.MILLISECONDS);
            pending.drain(10_000);
            assertTrue(script.isDone(), "drain returned before the script finished");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void drainGivesUpAtItsTimeout() {
        PendingScripts pending = new PendingScripts();
        CompletableFuture<Void> hung = new CompletableFuture<>();
        pending.track(hung);
        pending.drain(50);
        assertFalse(hung.isDone(), "a script still running goes on");
    }

    @Test
    void aFailedScriptDoesNotStopTheDrain() {
        PendingScripts pending = new PendingScripts();
        pending.track(CompletableFuture.failedFuture(new IllegalStateException("refused")));
        pending.drain(1_000); // returns without throwing
    }
}
