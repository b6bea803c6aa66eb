package org.keepalivedj.config.syntax;

import org.keepalivedj.api.config.Location;

/**
 * Yields the lines of one file's text with comments cut off (as keepalived: {@code #} or {@code !}
 * outside double quotes), each a {@link SourceLine} that knows its file and line number.
 */
final class LineReader {
    private final String text;
    private final String name;
    private final ReadProblems problems;
    private int pos;
    private int lineNo;
    /** Whether the line last returned was empty before comments were cut. */
    private boolean lastWasEmpty;

    LineReader(String text, String name, ReadProblems problems) {
        this.text = text;
        this.name = name;
        this.problems = problems;
    }

    private SourceLine next() {
        if (pos > text.length() || (pos == text.length() && lineNo > 0)) {
            return null;
        }
        int end = text.indexOf('\n', pos);
        if (end < 0) {
            end = text.length();
        }
        int cut = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
        String raw = text.substring(pos, cut);
        pos = end + 1;
        lineNo++;
        lastWasEmpty = raw.isEmpty();
        int nul = raw.indexOf('\0');
        if (nul >= 0) {
            // keepalived ignores such a line with a complaint; so do we
            problems.warn(new Location(name, lineNo, nul + 1), "line holds a NUL character; ignored");
            return new SourceLine(name, lineNo, "");
        }
        return new SourceLine(name, lineNo, raw).substring(0, Tokenizer.commentStart(raw));
    }

    /**
     * The next line that is not blank, with a multi-line {@code $NAME=} definition joined into one
     * (its lines separated by newlines); null at the end of the text.
     */
    SourceLine nextStatement() {
        SourceLine line;
        do {
            line = next();
        } while (line != null && line.isBlank());
        if (line != null && isMultiLineDefinition(line)) {
            line = joinContinuations(line);
        }
        return line;
    }

    private static boolean endsWithBackslash(String text) {
        int i = text.length() - 1;
        while (i >= 0 && Chars.isBlank(text.charAt(i))) {
            i--;
        }
        return i >= 0 && text.charAt(i) == '\\';
    }

    /** {@code [@id ...] $NAME=... \}: a definition continued on the next lines. */
    private static boolean isMultiLineDefinition(SourceLine line) {
        String text = line.text();
        if (!endsWithBackslash(text)) {
            return false;
        }
        int i = line.firstNonBlank();
        while (i < text.length() && text.charAt(i) == '@') {
            i = Chars.skipBlanks(text, Chars.wordEnd(text, i));
        }
        return Definitions.definitionName(text, i) != null;
    }

    /**
     * Joins a definition's continuation lines with newlines. As in keepalived, an empty line ends
     * it early, while lines holding only blanks or a comment are skipped.
     */
    private SourceLine joinContinuations(SourceLine first) {
        SourceLine.Builder joined = new SourceLine.Builder(first);
        SourceLine part = first;
        while (true) {
            String text = part.text();
            boolean more = endsWithBackslash(text);
            int end = more ? text.lastIndexOf('\\') : text.length();
            if (part != first) {
                joined.insert("\n", first.columnAt(0));
            }
            joined.append(part, part == first ? 0 : part.firstNonBlank(), Chars.trimEnd(text, end));
            if (!more) {
                break;
            }
            do {
                part = next();
            } while (part != null && !lastWasEmpty && part.isBlank());
            if (part == null || lastWasEmpty) {
                break;
            }
        }
        return joined.build();
    }
}
