package org.keepalivedj.api.config;

import java.util.Objects;

/**
 * An error or warning found in a config, with its location. An ADVISORY is printed as a warning but
 * is about keepalived-j itself (a keyword that has no effect here): keepalived takes the line without
 * a word, so an advisory does not make {@code -t} report "errors but would run". SECURITY is the
 * warning that scripts would run as root without enable_script_security, which keepalived's
 * {@code -t} reports with an exit code of its own.
 */
public record ConfigProblem(Severity severity, Location location, String message) {
    public enum Severity {
        WARNING,
        ERROR,
        ADVISORY,
        SECURITY
    }

    public ConfigProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    public static ConfigProblem error(Location at, String message) {
        return new ConfigProblem(Severity.ERROR, at, message);
    }

    public static ConfigProblem warning(Location at, String message) {
        return new ConfigProblem(Severity.WARNING, at, message);
    }

    public static ConfigProblem advisory(Location at, String message) {
        return new ConfigProblem(Severity.ADVISORY, at, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: message}, or {@code file:line:col: warning: message}. */
    @Override
    public String toString() {
        return location + ": " + (severity == Severity.ERROR ? "" : "warning: ") + message;
    }
}
