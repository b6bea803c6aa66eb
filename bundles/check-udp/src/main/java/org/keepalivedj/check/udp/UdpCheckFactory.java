package org.keepalivedj.check.udp;

import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.CheckerFactory;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.checkers.UdpCheckSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** UDP_CHECK, bound by the config module's built-in binder; the checks run on the shared event loops. */
@Component(service = HealthCheckerFactory.class)
public class UdpCheckFactory extends CheckerFactory {
    @Activate
    public UdpCheckFactory(@Reference CheckRuntime runtime) {
        super(runtime, BuiltinCheckers::bind, "UDP_CHECK");
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        return new UdpChecker(runtime, (UdpCheckSpec) spec, target);
    }
}
