package org.keepalivedj.api.check;

import java.util.Set;
import org.keepalivedj.api.config.ConfigNode;

/**
 * One checker kind. Registered as a service by the bundle that implements it; the config binder
 * hands it every block whose keyword it declares, so a new checker bundle brings its own keywords.
 */
public interface HealthCheckerFactory {
    /** The block keywords this factory binds, e.g. {"HTTP_GET", "SSL_GET"}. */
    Set<String> keywords();

    /**
     * Binds one block (its keyword is one of {@link #keywords()}). Reports problems to sink with
     * their location and returns the best spec it could make; never throws for bad input.
     */
    CheckerSpec bind(ConfigNode block, ProblemSink sink);

    /** Creates a checker for a spec this factory bound. */
    HealthChecker create(CheckerSpec spec, CheckTarget target);

    /**
     * Creates a checker that may use the config's global settings (the root SSL block, track_file
     * blocks). Factories that need none keep only {@link #create(CheckerSpec, CheckTarget)}.
     */
    default HealthChecker create(CheckerSpec spec, CheckTarget target, CheckerContext context) {
        return create(spec, target);
    }
}
