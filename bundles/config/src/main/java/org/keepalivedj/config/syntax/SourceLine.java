package org.keepalivedj.config.syntax;

import org.keepalivedj.api.config.Location;

/**
 * A line of config text on its way through the preprocessor. It remembers, for every character,
 * the column it was written at, so tokens that came out of {@code $PARAM} expansion or a
 * {@code ~SEQ} line still point at the line and column an operator can find.
 */
final class SourceLine {
    private final String file;
    private final int line;
    private final String text;
    /** Original 1-based column of each character, or null when column = base + index + 1. */
    private final int[] columns;

    private final int base;

    SourceLine(String file, int line, String text) {
        this(file, line, text, null, 0);
    }

    private SourceLine(String file, int line, String text, int[] columns, int base) {
        this.file = file;
        this.line = line;
        this.text = text;
        this.columns = columns;
        this.base = base;
    }

    String text() {
        return text;
    }

    String file() {
        return file;
    }

    int line() {
        return line;
    }

    int length() {
        return text.length();
    }

    char charAt(int i) {
        return text.charAt(i);
    }

    int columnAt(int index) {
        if (columns == null) {
            return base + index + 1;
        }
        if (index < columns.length) {
            return columns[index];
        }
        return columns.length == 0 ? 1 : columns[columns.length - 1] + 1;
    }

    Location locationAt(int index) {
        return new Location(file, line, columnAt(index));
    }

    /** The location of the first non-blank character (or column 1). */
    Location start() {
        return locationAt(firstNonBlank());
    }

    int firstNonBlank() {
        int i = 0;
        while (i < text.length() && Chars.isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }

    boolean isBlank() {
        return firstNonBlank() == text.length();
    }

    SourceLine substring(int from) {
        return substring(from, text.length());
    }

    SourceLine substring(int from, int to) {
        if (from == 0 && to == text.length()) {
            return this;
        }
        String sub = text.substring(from, to);
        if (columns == null || from == to) {
            return new SourceLine(file, line, sub, null, columnAt(from) - 1);
        }
        int[] cols = new int[to - from];
        System.arraycopy(columns, from, cols, 0, to - from);
        return new SourceLine(file, line, sub, cols, 0);
    }

    /** Builds a new line from pieces of existing lines and inserted text, keeping columns. */
    static final class Builder {
        private final String file;
        private final int line;
        private final StringBuilder text = new StringBuilder();
        private int[] columns = new int[32];

        Builder(SourceLine like) {
            this.file = like.file;
            this.line = like.line;
        }

        int length() {
            return text.length();
        }

        Builder append(SourceLine from, int start, int end) {
            ensure(end - start);
            for (int i = start; i < end; i++) {
                columns[text.length()] = from.columnAt(i);
                text.append(from.text.charAt(i));
            }
            return this;
        }

        /** Text that came from elsewhere (a parameter value): every character gets {@code column}. */
        Builder insert(String value, int column) {
            ensure(value.length());
            for (int i = 0; i < value.length(); i++) {
                columns[text.length()] = column;
                text.append(value.charAt(i));
            }
            return this;
        }

        private void ensure(int more) {
            int need = text.length() + more;
            if (need > columns.length) {
                int[] bigger = new int[Math.max(need, columns.length * 2)];
                System.arraycopy(columns, 0, bigger, 0, text.length());
                columns = bigger;
            }
        }

        SourceLine build() {
            int[] cols = new int[text.length()];
            System.arraycopy(columns, 0, cols, 0, cols.length);
            return new SourceLine(file, line, text.toString(), cols, 0);
        }
    }
}
