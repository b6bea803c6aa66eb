package org.keepalivedj.config.syntax;

import java.util.ArrayList;
import java.util.List;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.config.Location;

/** Collects warnings and errors while reading, so the operator sees every problem at once. */
final class Problems {
    /** Past this many errors the rest are probably consequences of the first ones: stop. */
    static final int MAX_ERRORS = 100;

    private final List<ConfigProblem> warnings = new ArrayList<>();
    private final List<ConfigProblem> errors = new ArrayList<>();

    void warn(Location at, String message) {
        if (warnings.size() < 10 * MAX_ERRORS) {
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
        return warnings;
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    ConfigException toException() {
        return new ConfigException(errors);
    }
}
