package org.keepalivedj.api.daemon;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of reading a config: when, which file, whether it was applied, and every error and
 * warning with its location (already rendered as {@code file:line:col: message}).
 */
public record LoadResult(
        Instant at, Path file, Outcome outcome, List<String> errors, List<String> warnings, String summary) {

    public enum Outcome {
        /** Read and valid (applied, for a load or reload). */
        OK,
        /** Read, but has errors: nothing was applied. */
        ERRORS,
        /** Could not be read at all (missing, unreadable). */
        UNREADABLE,
        /**
         * Read and valid, but some objects could not be built (errors say which, with file:line):
         * those keep running as configured before; the rest of the config was applied.
         */
        NOT_APPLIED
    }

    public LoadResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    /** One line for logs and status: {@code OK (2 warnings)} or {@code ERRORS: first error...}. */
    public String describe() {
        return switch (outcome) {
            case OK -> "OK" + (warnings.isEmpty() ? "" : " (" + warnings.size() + " warnings)");
            case ERRORS -> "ERRORS (" + errors.size() + "): " + (errors.isEmpty() ? summary : errors.get(0));
            case UNREADABLE -> "UNREADABLE: " + summary;
            case NOT_APPLIED -> "NOT_APPLIED (" + errors.size() + "): " + (errors.isEmpty() ? summary : errors.get(0));
        };
    }
}
