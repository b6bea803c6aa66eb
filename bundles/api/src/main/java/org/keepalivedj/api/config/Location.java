package org.keepalivedj.api.config;

import java.util.Objects;

/**
 * Where a token came from: file, 1-based line and 1-based column. Printed as {@code file:line:col},
 * the prefix of every config error and warning.
 */
public record Location(String file, int line, int column) {
    public Location {
        Objects.requireNonNull(file, "file");
    }

    /** A location for values that come from no file (defaults, command line). */
    public static Location builtin(String what) {
        return new Location("<" + what + ">", 0, 0);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
