package org.keepalivedj.lvs.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.config.checkers.BuiltinCheckers;

/**
 * A checker factory whose answers the test sets per real server ("10.0.0.1:80") and kind: up, down,
 * hang (never completes), or up with a weight. Binding is the real built-in binder's. Records every
 * attempt's time and whether hung attempts were cancelled.
 */
final class FakeChecks implements HealthCheckerFactory {
    enum Answer {
        UP,
        DOWN,
        HANG
    }

    private final Set<String> kinds;
    private final VirtualScheduler clock;
    private final Map<String, Answer> answers = new HashMap<>();
    private final Map<String, Integer> weights = new HashMap<>();
    final Map<String, List<Double>> attempts = new HashMap<>();
    final List<CompletableFuture<CheckResult>> hung = new ArrayList<>();
    int created;
    int closed;
    /** The virtualhost each real server's latest checker was created with ("10.0.0.1:80" -> vhost or "-"). */
    final Map<String, String> virtualhosts = new HashMap<>();
    /** Servers whose checkers say how long an attempt may take (as MISC_CHECK's misc_timeout does). */
    final Map<String, java.time.Duration> attemptTimeouts = new HashMap<>();
    /** Servers ("10.0.0.1:80") whose checker creation throws, as a factory refusing a block would. */
    final Set<String> refused = new HashSet<>();

    FakeChecks(VirtualScheduler clock, String... kinds) {
        this.clock = clock;
        this.kinds = Set.of(kinds);
    }

    void set(String server, Answer answer) {
        answers.put(server, answer);
    }

    void set(String server, String kind, Answer answer) {
        answers.put(server + "/" + kind, answer);
    }

    void weight(String server, int weight) {
        weights.put(server, weight);
    }

    /** The weight the MISC_CHECK running this script on this server asks for; null: it asks for none. */
    void weight(String server, String miscPath, Integer weight) {
        if (weight == null) {
            weights.remove(server + "/" + miscPath);
        } else {
            weights.put(server + "/" + miscPath, weight);
        }
    }

    List<Double> attempts(String server) {
        return attempts.getOrDefault(server, List.of());
    }

    @Override
    public Set<String> keywords() {
        return kinds;
    }

    @Override
    public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return BuiltinCheckers.registry().find(block.name()).orElseThrow().bind(block, sink);
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        String server = target.realServer().toString();
        if (refused.contains(server)) {
            throw new IllegalStateException("refused by the test");
        }
        created++;
        virtualhosts.put(server, target.virtualhost() == null ? "-" : target.virtualhost());
        String kind = spec.kind();
        String own = spec instanceof org.keepalivedj.config.checkers.MiscCheckSpec m ? server + "/" + m.path() : server;
        return new HealthChecker() {
            @Override
            public CompletableFuture<CheckResult> check() {
                attempts.computeIfAbsent(server, k -> new ArrayList<>()).add(clock.seconds());
                Answer a = answers.getOrDefault(server + "/" + kind, answers.getOrDefault(server, Answer.UP));
                return switch (a) {
                    case UP ->
                        CompletableFuture.completedFuture(
                                weights.containsKey(own) || weights.containsKey(server)
                                        ? new CheckResult(
                                                true,
                                                "ok",
                                                OptionalInt.of(weights.getOrDefault(own, weights.get(server))))
                                        : CheckResult.up("ok"));
                    case DOWN -> CompletableFuture.completedFuture(CheckResult.down("connection refused"));
                    case HANG -> {
                        CompletableFuture<CheckResult> f = new CompletableFuture<>();
                        hung.add(f);
                        yield f;
                    }
                };
            }

            @Override
            public java.util.Optional<java.time.Duration> attemptTimeout() {
                return java.util.Optional.ofNullable(attemptTimeouts.get(server));
            }

            @Override
            public void close() {
                closed++;
            }
        };
    }
}
