package org.keepalivedj.check.file;

import java.util.Set;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.checkers.FileCheckSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** FILE_CHECK. Binding is the config module's; files are read on the shared bounded pool. */
@Component(service = HealthCheckerFactory.class, property = "keepalived.checker=FILE_CHECK")
public class FileCheckFactory implements HealthCheckerFactory {
    private static final HealthCheckerFactory BINDER = BuiltinCheckers.registry().find("FILE_CHECK").orElseThrow();

    private final CheckRuntime runtime;

    @Activate
    public FileCheckFactory(@Reference CheckRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Set<String> keywords() {
        return Set.of("FILE_CHECK");
    }

    @Override
    public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return BINDER.bind(block, sink);
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        return new FileChecker(runtime, (FileCheckSpec) spec);
    }
}
