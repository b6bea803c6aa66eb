package org.keepalivedj.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.keepalivedj.api.check.HealthCheckerFactory;

/** Which factory binds a checker keyword. The daemon builds one from the registered services. */
@FunctionalInterface
public interface CheckerRegistry {
    Optional<HealthCheckerFactory> find(String keyword);

    /** No checker installed: every checker block is an error. */
    static CheckerRegistry none() {
        return keyword -> Optional.empty();
    }

    /** The given factories, the first to declare a keyword winning. */
    static CheckerRegistry of(Collection<? extends HealthCheckerFactory> factories) {
        Map<String, HealthCheckerFactory> byKeyword = new LinkedHashMap<>();
        for (HealthCheckerFactory f : factories) {
            f.keywords().forEach(k -> byKeyword.putIfAbsent(k, f));
        }
        return keyword -> Optional.ofNullable(byKeyword.get(keyword));
    }
}
