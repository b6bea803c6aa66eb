package org.keepalivedj.check.ping;

import java.util.Set;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.checkers.SimpleCheckSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** PING_CHECK over shared raw ICMP pingers (jnr-ffi). Binding is the config module's. */
@Component(service = HealthCheckerFactory.class, property = "keepalived.checker=PING_CHECK")
public class PingCheckFactory implements HealthCheckerFactory {
    private static final HealthCheckerFactory BINDER = BuiltinCheckers.registry().find("PING_CHECK").orElseThrow();

    private final CheckRuntime runtime;
    private final Pingers pingers = new Pingers();

    @Activate
    public PingCheckFactory(@Reference CheckRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Set<String> keywords() {
        return Set.of("PING_CHECK");
    }

    @Override
    public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return BINDER.bind(block, sink);
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        return new PingChecker(runtime, (SimpleCheckSpec) spec, target, pingers);
    }

    /** Closes the shared pingers; attempts still waiting complete as down. */
    @Deactivate
    public void close() {
        pingers.close();
    }
}
