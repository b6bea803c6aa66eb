package org.keepalivedj.config;

import java.util.ArrayList;
import java.util.List;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.config.Location;

/** Collects every error and warning of one load, in the order found. */
public final class Problems implements ProblemSink {
    private final List<ConfigProblem> all = new ArrayList<>();
    private int errors;

    @Override
    public void error(Location at, String message) {
        all.add(ConfigProblem.error(at, message));
        errors++;
    }

    @Override
    public void warning(Location at, String message) {
        all.add(ConfigProblem.warning(at, message));
    }

    /** A warning keepalived would not give: printed as a warning, not counted by -t (see {@link ConfigProblem}). */
    @Override
    public void advisory(Location at, String message) {
        all.add(ConfigProblem.advisory(at, message));
    }

    public void add(ConfigProblem problem) {
        all.add(problem);
        if (problem.isError()) {
            errors++;
        }
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public List<ConfigProblem> all() {
        return List.copyOf(all);
    }

    public List<ConfigProblem> warnings() {
        return all.stream().filter(p -> !p.isError()).toList();
    }

    /** @throws ConfigException carrying every problem (errors and warnings) when there is an error */
    public void throwIfErrors() throws ConfigException {
        if (hasErrors()) {
            throw new ConfigException(all);
        }
    }

    /** A sink that prefixes every message with the object it is about ("vrrp_instance VI_1: "). */
    public ProblemSink about(String context) {
        return about(() -> context);
    }

    /** As {@link #about(String)}, building the prefix only when there is something to report. */
    public ProblemSink about(java.util.function.Supplier<String> context) {
        Problems self = this;
        return new ProblemSink() {
            @Override
            public void error(Location at, String message) {
                self.error(at, context.get() + ": " + message);
            }

            @Override
            public void warning(Location at, String message) {
                self.warning(at, context.get() + ": " + message);
            }

            /** As written: "FILE:LINE:COL: warning: KEYWORD has no effect in keepalived-j (REASON)". */
            @Override
            public void advisory(Location at, String message) {
                self.advisory(at, message);
            }
        };
    }
}
