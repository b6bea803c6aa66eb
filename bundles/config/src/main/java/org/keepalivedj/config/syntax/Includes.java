package org.keepalivedj.config.syntax;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;

/**
 * Follows {@code include} lines and keeps the {@code include_check} level: finds the files a
 * pattern names ({@link IncludeFinder}), decides whether what is missing or unreadable is an
 * error or a warning, refuses loops, and hands each file's text back to the preprocessor.
 */
final class Includes {
    static final int MAX_DEPTH = 32;
    /** No configuration file is this big; refusing larger ones keeps a stray glob off /proc/kcore. */
    static final long MAX_FILE_SIZE = 64L << 20;

    /** Reads an included file's text as part of the configuration. */
    interface TextReader {
        void read(String text, String name, Path dir, Path realPath, Set<IncludeCheck> checks);
    }

    private final ReadProblems problems;
    private final Deque<FileContext> stack;
    private final List<Path> files;
    private final TextReader reader;

    Includes(ReadProblems problems, Deque<FileContext> stack, List<Path> files, TextReader reader) {
        this.problems = problems;
        this.stack = stack;
        this.files = files;
        this.reader = reader;
    }

    /** Follows one include line: {@code keyword} is include or a variant, its name ends at afterKeyword. */
    void include(SourceLine line, String keyword, int afterKeyword) {
        Location at = line.start();
        String text = line.text();
        int from = Chars.skipBlanks(text, afterKeyword);
        if (from >= text.length()) {
            problems.error(at, keyword + ": missing file name");
            return;
        }
        // As keepalived: the rest of the line, raw (its braces are brace expansion, not blocks,
        // and it may hold blanks); we also allow the whole name in double quotes.
        String pattern = text.substring(from, Chars.trimEnd(text, text.length()));
        if (pattern.length() >= 2 && pattern.startsWith("\"") && pattern.endsWith("\"")) {
            pattern = pattern.substring(1, pattern.length() - 1);
        }
        if (stack.size() > MAX_DEPTH) {
            problems.error(at, keyword + ": includes nested more than " + MAX_DEPTH + " deep");
            return;
        }
        FileContext ctx = stack.peek();
        EnumSet<IncludeCheck> checks = EnumSet.copyOf(ctx.checks);
        checks.addAll(IncludeCheck.forKeyword(keyword));
        List<String> alternatives;
        try {
            alternatives = IncludeFinder.expandBraces(pattern);
        } catch (IllegalArgumentException e) {
            problems.error(at, keyword + " " + pattern + ": " + e.getMessage());
            return;
        }
        boolean braces = alternatives.size() > 1 || !alternatives.get(0).equals(pattern);
        for (String alternative : alternatives) {
            List<Path> matches;
            try {
                matches = IncludeFinder.glob(ctx.dir, alternative);
            } catch (InvalidPathException e) {
                matches = List.of();
            }
            if (matches.isEmpty()) {
                noMatch(at, keyword, pattern, alternative, braces, checks);
            }
            for (Path match : matches) {
                includeFile(match, at, keyword, checks.contains(IncludeCheck.READABLE));
            }
        }
    }

    /**
     * keepalived logs a missing include and goes on; the include_check level makes it an error: a
     * missing brace alternative needs brace_match, a pattern with wildcards that matches nothing
     * needs wildcard_match, a plain file name that does not exist needs match.
     */
    private void noMatch(
            Location at, String keyword, String pattern, String alternative, boolean braces, Set<IncludeCheck> checks) {
        IncludeCheck check = braces
                ? IncludeCheck.BRACE_MATCH
                : IncludeFinder.hasWildcard(alternative) ? IncludeCheck.WILDCARD_MATCH : IncludeCheck.MATCH;
        String message =
                keyword + ": no file matches '" + alternative + "'" + (braces ? " (from '" + pattern + "')" : "");
        if (checks.contains(check)) {
            problems.error(at, message);
        } else {
            problems.warn(at, message);
        }
    }

    private void includeFile(Path file, Location at, String keyword, boolean mustBeReadable) {
        byte[] bytes;
        Path real;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IOException("not a regular file");
            }
            if (isExecutable(file)) {
                throw new IOException("executable (keepalived refuses executable config files)");
            }
            real = file.toRealPath();
            bytes = readBounded(file);
        } catch (IOException | RuntimeException e) {
            String message = keyword + ": cannot read '" + file + "': " + reason(e);
            if (mustBeReadable) {
                problems.error(at, message);
            } else {
                problems.warn(at, message);
            }
            return;
        }
        for (FileContext open : stack) {
            if (real.equals(open.realPath)) {
                problems.error(at, keyword + ": '" + file + "' includes itself (include loop)");
                return;
            }
        }
        files.add(file);
        reader.read(
                new String(bytes, StandardCharsets.UTF_8), file.toString(), parentOf(file), real, stack.peek().checks);
    }

    /**
     * {@code include_check [option] [+option|-option ...]}: no option means all of them; a plain
     * option (only first) sets that check and readable, +/- add and remove.
     */
    void setIncludeCheck(List<Token> tokens) {
        EnumSet<IncludeCheck> checks = stack.peek().checks;
        if (tokens.size() == 1) {
            checks.addAll(EnumSet.allOf(IncludeCheck.class));
            return;
        }
        for (int i = 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String word = t.text();
            boolean relative = word.startsWith("+") || word.startsWith("-");
            if (!relative && i > 1) {
                problems.warn(
                        t.location(),
                        "include_check: '" + word + "' ignored: only the first option may be"
                                + " given without + or -");
                continue;
            }
            IncludeCheck check = IncludeCheck.fromOption(relative ? word.substring(1) : word);
            if (check == null) {
                problems.warn(
                        t.location(),
                        "include_check: unknown option '" + word
                                + "' (expected readable, match, wildcard_match or brace_match)");
            } else if (!relative) {
                checks.clear();
                checks.add(IncludeCheck.READABLE);
                checks.add(check);
            } else if (word.startsWith("+")) {
                checks.add(check);
            } else {
                checks.remove(check);
            }
        }
    }

    static Path parentOf(Path file) {
        Path parent = file.getParent();
        return parent != null ? parent : Path.of("");
    }

    /** The file's bytes, refusing files larger than {@link #MAX_FILE_SIZE}. */
    static byte[] readBounded(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_SIZE) {
            throw new IOException("larger than " + (MAX_FILE_SIZE >> 20) + " MB");
        }
        // Read at most one byte too many: some files (under /proc) claim size 0 yet go on and on.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_SIZE + 1);
            if (bytes.length > MAX_FILE_SIZE) {
                throw new IOException("larger than " + (MAX_FILE_SIZE >> 20) + " MB");
            }
            return bytes;
        }
    }

    private static boolean isExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            return mode.contains(PosixFilePermission.OWNER_EXECUTE)
                    || mode.contains(PosixFilePermission.GROUP_EXECUTE)
                    || mode.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /** A short reason for an I/O failure, for messages. */
    static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
