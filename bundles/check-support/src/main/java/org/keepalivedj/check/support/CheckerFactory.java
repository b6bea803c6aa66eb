package org.keepalivedj.check.support;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;

/**
 * What every checker bundle's factory shares: the kind's keywords, written once in the subclass's
 * constructor call, the binder that turns a block into the kind's spec, and the shared
 * {@link CheckRuntime}. A subclass is a DS component registered as {@link HealthCheckerFactory}
 * and adds only {@code create}.
 *
 * <p>The built-in kinds pass {@code BuiltinCheckers::bind} of the config bundle: their binders stay
 * there so that {@code keepalived -t} validates every checker block without the container and
 * without the checker bundles. A third-party kind passes its own binder.
 */
public abstract class CheckerFactory implements HealthCheckerFactory {
    protected final CheckRuntime runtime;
    private final BiFunction<ConfigNode, ProblemSink, ? extends CheckerSpec> binder;
    private final Set<String> keywords;

    protected CheckerFactory(
            CheckRuntime runtime,
            BiFunction<ConfigNode, ProblemSink, ? extends CheckerSpec> binder,
            String... keywords) {
        if (keywords.length == 0) {
            throw new IllegalArgumentException("a checker kind needs at least one keyword");
        }
        this.runtime = runtime;
        this.binder = binder;
        this.keywords = Set.of(keywords);
    }

    @Override
    public final Set<String> keywords() {
        return keywords;
    }

    @Override
    public final CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return binder.apply(block, sink);
    }

    /**
     * A checker whose every attempt is down for this reason: what a kind makes when its block names
     * settings it cannot use, so that the operator sees the problem on the real server.
     */
    protected static HealthChecker alwaysDown(String reason) {
        CheckResult down = CheckResult.down(reason);
        return () -> CompletableFuture.completedFuture(down);
    }
}
