package org.keepalivedj.api.daemon;

import java.util.List;

/**
 * Thrown by {@link Subsystem#apply} when some objects of a valid config could not be built (a device
 * that vanished, a link the kernel refuses) and their previous runtimes keep running. Everything else
 * of the config was applied. Each problem is rendered as {@code file:line:col: message}.
 */
public final class ApplyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ApplyException(List<String> problems) {
        super(
                problems.isEmpty()
                        ? "not applied"
                        : problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
