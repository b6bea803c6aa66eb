package org.keepalivedj.check.misc;

import java.time.Duration;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerContext;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.CheckerFactory;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.checkers.MiscCheckSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** MISC_CHECK, bound by the config module's built-in binder; scripts start on the shared bounded pool. */
@Component(service = HealthCheckerFactory.class)
public class MiscCheckFactory extends CheckerFactory {
    @Activate
    public MiscCheckFactory(@Reference CheckRuntime runtime) {
        super(runtime, BuiltinCheckers::bind, "MISC_CHECK");
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        return create(spec, target, CheckerContext.NONE);
    }

    /** The check's own user, else global_defs script_user; enable_script_security from global_defs. */
    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target, CheckerContext context) {
        MiscCheckSpec misc = (MiscCheckSpec) spec;
        String user = misc.user() != null ? misc.user() : context.scriptUser();
        return new MiscChecker(runtime, misc, timeout(misc), user, context.scriptSecurity());
    }

    /** misc_timeout, else the delay_loop (as keepalived), else keepalived's default delay_loop. */
    static Duration timeout(MiscCheckSpec misc) {
        if (misc.timeout() != null) {
            return misc.timeout();
        }
        CheckTiming t = misc.settings().timing();
        return t != null && t.delayLoop() != null ? t.delayLoop() : CheckTiming.DEFAULTS.delayLoop();
    }
}
