package org.keepalivedj.check.ping;

import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.CheckerFactory;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.checkers.SimpleCheckSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** PING_CHECK over shared raw ICMP sockets, bound by the config module's built-in binder. */
@Component(service = HealthCheckerFactory.class)
public class PingCheckFactory extends CheckerFactory {
    private final Pingers pingers = new Pingers();

    @Activate
    public PingCheckFactory(@Reference CheckRuntime runtime) {
        super(runtime, BuiltinCheckers::bind, "PING_CHECK");
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
