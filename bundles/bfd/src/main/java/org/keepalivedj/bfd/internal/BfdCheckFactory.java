package org.keepalivedj.bfd.internal;

import java.util.Set;
import org.keepalivedj.api.bfd.BfdStateSource;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.bfd.BfdCheck;
import org.keepalivedj.config.checkers.BfdCheckSpec;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * BFD_CHECK as a checker kind, bound by the config's built-in binder. Its checks follow the
 * sessions of the {@link BfdStateSource} service (this bundle's engine).
 */
@Component(service = HealthCheckerFactory.class)
public class BfdCheckFactory implements HealthCheckerFactory {
    private final BfdStateSource sessions;

    @Activate
    public BfdCheckFactory(@Reference BfdStateSource sessions) {
        this.sessions = sessions;
    }

    @Override
    public Set<String> keywords() {
        return Set.of(BfdCheck.KIND);
    }

    @Override
    public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return BuiltinCheckers.bind(block, sink);
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        return new BfdCheck(sessions, ((BfdCheckSpec) spec).name());
    }
}
