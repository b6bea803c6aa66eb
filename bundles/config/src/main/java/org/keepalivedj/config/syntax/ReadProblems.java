package org.keepalivedj.config.syntax;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.config.Location;

/**
 * Collects warnings and errors while reading, so the operator sees every problem at once. The
 * same problem at the same place is kept once (a ~SEQ line repeats its problems on every pass).
 */
final class ReadProblems {
    /** Past this many errors the rest are probably consequences of the first ones: stop. */
    static final int MAX_ERRORS = 100;

    static final int MAX_WARNINGS = 1000;

    private final Set<ConfigProblem> warnings = new LinkedHashSet<>();
    private final Set<ConfigProblem> errors = new LinkedHashSet<>();

    void warn(Location at, String message) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(ConfigProblem.warning(at, message));
        }
    }

    void error(Location at, String message) {
        errors.add(ConfigProblem.error(at, message));
        if (errors.size() >= MAX_ERRORS) {
            throw new ReadAborted();
        }
    }

    /** Records an error without the too-many-errors stop (for the final error of an aborted read). */
    void errorNoAbort(Location at, String message) {
        errors.add(ConfigProblem.error(at, message));
    }

    List<ConfigProblem> warnings() {
        return new ArrayList<>(warnings);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    ConfigException toException() {
        return new ConfigException(new ArrayList<>(errors));
    }
}
