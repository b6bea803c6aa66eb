package org.keepalivedj.check.misc;

import java.time.Duration;
import java.util.Set;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerContext;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.checkers.MiscCheckSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** MISC_CHECK. Binding is the config module's; scripts start on the shared bounded pool. */
@Component(service = HealthCheckerFactory.class, property = "keepalived.checker=MISC_CHECK")
public class MiscCheckFactory implements HealthCheckerFactory {
    private static final HealthCheckerFactory BINDER = BuiltinCheckers.registry().find("MISC_CHECK").orElseThrow();

    private final CheckRuntime runtime;

    @Activate
    public MiscCheckFactory(@Reference CheckRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Set<String> keywords() {
        return Set.of("MISC_CHECK");
    }

    @Override
    public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return BINDER.bind(block, sink);
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
