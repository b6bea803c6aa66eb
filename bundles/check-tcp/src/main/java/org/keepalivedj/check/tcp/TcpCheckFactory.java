package org.keepalivedj.check.tcp;

import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.CheckerFactory;
import org.keepalivedj.check.support.TcpConnector;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** TCP_CHECK: up when a connection opens within connect_timeout. Bound by the config module's built-in binder. */
@Component(service = HealthCheckerFactory.class)
public class TcpCheckFactory extends CheckerFactory {
    @Activate
    public TcpCheckFactory(@Reference CheckRuntime runtime) {
        super(runtime, BuiltinCheckers::bind, "TCP_CHECK");
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        return new TcpConnector(runtime, spec.settings(), target);
    }
}
