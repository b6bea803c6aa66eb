package org.keepalivedj.core.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.config.CheckerRegistry;

/**
 * The checker keywords the daemon knows right now: those of the HealthCheckerFactory services
 * (checker bundles come and go at run time), else the config module's built-in binders, which
 * validate a kind's blocks while no bundle for it is installed but cannot run checks.
 */
final class CheckerFactories implements CheckerRegistry {
    private final List<HealthCheckerFactory> services = new CopyOnWriteArrayList<>();
    private final CheckerRegistry fallback;
    private final AtomicLong changes = new AtomicLong();

    CheckerFactories(CheckerRegistry fallback) {
        this.fallback = fallback;
    }

    void add(HealthCheckerFactory factory) {
        services.add(factory);
        changes.incrementAndGet();
    }

    void remove(HealthCheckerFactory factory) {
        services.remove(factory);
        changes.incrementAndGet();
    }

    /** Counts additions and removals: a load that saw another count bound with other checkers. */
    long changes() {
        return changes.get();
    }

    @Override
    public Optional<HealthCheckerFactory> find(String keyword) {
        for (HealthCheckerFactory f : services) {
            if (f.keywords().contains(keyword)) {
                return Optional.of(f);
            }
        }
        return fallback.find(keyword);
    }

    /** True when keyword is bound by an installed checker bundle (not by a built-in binder). */
    boolean installed(String keyword) {
        return services.stream().anyMatch(f -> f.keywords().contains(keyword));
    }

    /** Keywords of a factory, for log lines. */
    static String keywords(HealthCheckerFactory f) {
        return String.join(", ", new java.util.TreeSet<>(f.keywords()));
    }
}
