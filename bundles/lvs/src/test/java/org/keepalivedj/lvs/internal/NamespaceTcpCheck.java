package org.keepalivedj.lvs.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.testsupport.Netns;

/**
 * A minimal TCP_CHECK that connects from inside a namespace (the director): the check-tcp bundle's
 * event loop lives in the host namespace, which cannot reach the lab's servers.
 */
final class NamespaceTcpCheck implements HealthCheckerFactory, AutoCloseable {
    private final Netns from;
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "ns-tcp-check");
        t.setDaemon(true);
        return t;
    });

    NamespaceTcpCheck(Netns from) {
        this.from = from;
    }

    @Override
    public Set<String> keywords() {
        return Set.of("TCP_CHECK");
    }

    @Override
    public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return BuiltinCheckers.registry().find("TCP_CHECK").orElseThrow().bind(block, sink);
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        Duration timeout = spec.settings().timing().connectTimeout() != null
                ? spec.settings().timing().connectTimeout()
                : Duration.ofSeconds(5);
        InetSocketAddress to = new InetSocketAddress(
                target.realServer().address(), target.realServer().port());
        return () -> CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return from.call(() -> {
                            try (Socket s = new Socket()) {
                                s.connect(to, (int) timeout.toMillis());
                                return CheckResult.up("connected");
                            } catch (IOException e) {
                                return CheckResult.down(e.getMessage());
                            }
                        });
                    } catch (Exception e) {
                        return CheckResult.down(e.toString());
                    }
                },
                pool);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
