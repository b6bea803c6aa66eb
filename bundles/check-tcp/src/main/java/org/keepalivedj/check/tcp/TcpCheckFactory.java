package org.keepalivedj.check.tcp;

import java.util.Set;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.TcpConnector;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** TCP_CHECK: up when a connection opens within connect_timeout. Binding is the config module's. */
@Component(service = HealthCheckerFactory.class, property = "keepalived.checker=TCP_CHECK")
public class TcpCheckFactory implements HealthCheckerFactory {
    static final String KEYWORD = "TCP_CHECK";
    private static final HealthCheckerFactory BINDER = BuiltinCheckers.registry().find(KEYWORD).orElseThrow();

    private final CheckRuntime runtime;

    @Activate
    public TcpCheckFactory(@Reference CheckRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Set<String> keywords() {
        return Set.of(KEYWORD);
    }

    @Override
    public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return BINDER.bind(block, sink);
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        return new TcpConnector(runtime, spec.settings(), target);
    }
}
