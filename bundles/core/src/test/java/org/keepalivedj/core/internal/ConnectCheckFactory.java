package org.keepalivedj.core.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.config.checkers.BuiltinCheckers;

/**
 * A checker kind as a checker bundle registers it: a real TCP connect to the real server, on a
 * thread of its own. A keyword keepalived has binds as that kind's bundle binds it (with the built-in
 * binder); any other binds to a spec of its own. Counts its binds.
 */
final class ConnectCheckFactory implements HealthCheckerFactory, AutoCloseable {
    record Spec(String kind, Origin origin, CheckerSettings settings) implements CheckerSpec {}

    private final String keyword;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-connect-check"));
    volatile int binds;
    /** Runs at each bind: a test's way to make something happen while a config is being bound. */
    volatile Runnable onBind = () -> {};

    ConnectCheckFactory(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public Set<String> keywords() {
        return Set.of(keyword);
    }

    @Override
    public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        binds++;
        onBind.run();
        // a kind keepalived has binds as the built-in binder does (check-tcp and friends share it)
        return BuiltinCheckers.registry()
                .find(keyword)
                .map(f -> f.bind(block, sink))
                .orElseGet(() -> new Spec(keyword, Origin.at(block.location()), CheckerSettings.NONE));
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        InetSocketAddress to = new InetSocketAddress(
                target.realServer().address(), target.realServer().port());
        return () -> CompletableFuture.supplyAsync(
                () -> {
                    try (Socket s = new Socket()) {
                        s.connect(to, 1000);
                        return CheckResult.up("connected");
                    } catch (IOException e) {
                        return CheckResult.down(e.getMessage());
                    }
                },
                io);
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
