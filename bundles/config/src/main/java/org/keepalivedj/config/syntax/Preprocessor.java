package org.keepalivedj.config.syntax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;

/**
 * Reads files line by line and applies keepalived's preprocessing, in keepalived's order: comments
 * are cut, {@code include} lines are followed (before anything else, as keepalived does), then
 * {@code @id} conditionals, {@code $NAME=value} definitions, {@code ~SEQ}/{@code ~LST} repeaters
 * and parameter substitution; a line changed by substitution goes through the same steps again.
 * The surviving lines are split into words and handed to the {@link TreeBuilder}.
 */
final class Preprocessor {
    static final int MAX_INCLUDE_DEPTH = 32;
    static final int MAX_SUBSTITUTION_DEPTH = 64;
    /** Lines processed (including ~SEQ repetitions): a guard against definitions that explode. */
    static final long MAX_WORK = 10_000_000;
    /** No configuration file is this big; refusing larger ones keeps a stray glob off /proc/kcore. */
    static final long MAX_FILE_SIZE = 64L << 20;

    /** One file being read: its name for locations, its directory, and its include_check level. */
    private static final class FileContext {
        final String name;
        final Path dir;
        final Path realPath;
        final EnumSet<IncludeCheck> checks;
        private String pwd;

        FileContext(String name, Path dir, Path realPath, Set<IncludeCheck> checks) {
            this.name = name;
            this.dir = dir;
            this.realPath = realPath;
            this.checks = checks.isEmpty() ? EnumSet.noneOf(IncludeCheck.class) : EnumSet.copyOf(checks);
        }

        /** The directory as an absolute path, for ${_PWD}; worked out only when first used. */
        String pwd() {
            if (pwd == null) {
                pwd = dir.toAbsolutePath().normalize().toString();
            }
            return pwd;
        }
    }

    private final String configId;
    private final Problems problems;
    private final TreeBuilder tree;
    private final Tokenizer tokenizer;
    private final Definitions definitions;
    private final Deque<FileContext> stack = new ArrayDeque<>();
    private final List<Path> files = new ArrayList<>();
    private final long maxWork;
    private long work;

    Preprocessor(ConfigReader.Options options, long maxWork, Problems problems, TreeBuilder tree) {
        this.maxWork = maxWork;
        this.configId = options.configId();
        this.problems = problems;
        this.tree = tree;
        this.tokenizer = new Tokenizer(problems);
        this.definitions = new Definitions(options.configId(), options.env());
    }

    List<Path> files() {
        return files;
    }

    void readFile(Path file) {
        String name = file.toString();
        byte[] bytes;
        Path real;
        try {
            bytes = readBounded(file);
            real = file.toRealPath();
        } catch (IOException | RuntimeException e) {
            problems.error(new Location(name, 0, 0), "cannot read configuration file: " + reason(e));
            return;
        }
        files.add(file);
        readText(new String(bytes, StandardCharsets.UTF_8), name, parentOf(file), real, EnumSet.noneOf(IncludeCheck.class));
    }

    void readText(String text, String name, Path baseDir) {
        readText(text, name, baseDir, null, EnumSet.noneOf(IncludeCheck.class));
    }

    private void readText(String text, String name, Path dir, Path real, Set<IncludeCheck> checks) {
        stack.push(new FileContext(name, dir, real, checks));
        try {
            LineReader lines = new LineReader(text, name, problems);
            SourceLine line;
            while ((line = lines.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (isMultiLineDefinition(line)) {
                    line = joinContinuations(line, lines);
                } else {
                    int start = line.firstNonBlank();
                    if (line.text().startsWith("include", start)) {
                        int end = wordEnd(line.text(), start);
                        String first = line.text().substring(start, end);
                        if (IncludeCheck.forKeyword(first) != null) {
                            include(line, first, end);
                            continue;
                        }
                    }
                }
                process(line, 0);
            }
        } finally {
            stack.pop();
        }
    }

    /** Yields the lines of a text with comments cut off. */
    private static final class LineReader {
        private final String text;
        private final String name;
        private final Problems problems;
        private int pos;
        private int lineNo;
        /** Whether the line last returned was empty before comments were cut. */
        boolean lastWasEmpty;

        LineReader(String text, String name, Problems problems) {
            this.text = text;
            this.name = name;
            this.problems = problems;
        }

        SourceLine next() {
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
    }

    // ---- multi-line definitions -------------------------------------------------------------

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
            i = skipBlanks(text, wordEnd(text, i));
        }
        return definitionName(text, i) != null;
    }

    /**
     * Joins a definition's continuation lines with newlines. As in keepalived, an empty line ends
     * it early, while lines holding only blanks or a comment are skipped.
     */
    private static SourceLine joinContinuations(SourceLine first, LineReader lines) {
        SourceLine.Builder joined = new SourceLine.Builder(first);
        SourceLine part = first;
        while (true) {
            String text = part.text();
            boolean more = endsWithBackslash(text);
            int end = more ? text.lastIndexOf('\\') : text.length();
            if (part != first) {
                joined.insert("\n", first.columnAt(0));
            }
            joined.append(part, part == first ? 0 : part.firstNonBlank(), trimEnd(text, end));
            if (!more) {
                break;
            }
            do {
                part = lines.next();
            } while (part != null && !lines.lastWasEmpty && part.isBlank());
            if (part == null || lines.lastWasEmpty) {
                break;
            }
        }
        return joined.build();
    }

    // ---- the per-line steps -----------------------------------------------------------------

    private void process(SourceLine line, int depth) {
        if (++work > maxWork) {
            problems.error(line.start(), "configuration expands to more than " + maxWork
                    + " lines (runaway ~SEQ or parameter?)");
            throw new ReadAborted();
        }
        String text = line.text();
        int i = line.firstNonBlank();
        while (i < text.length() && text.charAt(i) == '@') {
            int end = wordEnd(text, i);
            boolean negated = end > i + 1 && text.charAt(i + 1) == '^';
            String id = text.substring(negated ? i + 2 : i + 1, end);
            if (id.equals(configId) == negated) {
                return; // not for this config id
            }
            i = skipBlanks(text, end);
        }
        if (i >= text.length()) {
            return;
        }
        if (i > 0) {
            line = line.substring(i);
            text = line.text();
        }
        String name = definitionName(text, 0);
        if (name != null) {
            String value = text.substring(name.length() + 2);
            int from = skipBlanks(value, 0);
            definitions.define(name, value.substring(from, Math.max(from, trimEnd(value, value.length()))));
            return;
        }
        if (LineRepeater.startsRepeater(text)) {
            repeat(line, depth);
            return;
        }
        SourceLine substituted;
        try {
            substituted = definitions.substitute(line, currentDirText(), problems);
        } catch (Definitions.TooLong e) {
            problems.error(line.start(), "line longer than " + Definitions.MAX_LINE_LENGTH
                    + " characters after parameter substitution (a parameter defined in terms of itself?)");
            return;
        }
        if (substituted == null) {
            emit(line);
            return;
        }
        if (depth >= MAX_SUBSTITUTION_DEPTH) {
            problems.error(line.start(), "parameter substitution nested more than " + MAX_SUBSTITUTION_DEPTH
                    + " deep (a parameter defined in terms of itself?)");
            return;
        }
        String out = substituted.text();
        int from = 0;
        int nl;
        while ((nl = out.indexOf('\n', from)) >= 0) {
            process(substituted.substring(from, nl), depth + 1);
            from = nl + 1;
        }
        process(substituted.substring(from), depth + 1);
    }

    private void repeat(SourceLine line, int depth) {
        if (depth >= MAX_SUBSTITUTION_DEPTH) {
            problems.error(line.start(), "~SEQ/~LST and parameters nested more than " + MAX_SUBSTITUTION_DEPTH
                    + " deep on one line");
            return;
        }
        LineRepeater.Head head = LineRepeater.parse(line, word -> definitions.resolveWord(word, currentDirText()),
                problems);
        if (head == null) {
            return;
        }
        SourceLine rest = line.substring(head.restStart());
        List<String> vars = head.variables();
        String[] saved = new String[vars.size()];
        for (int v = 0; v < saved.length; v++) {
            saved[v] = definitions.get(vars.get(v));
        }
        try {
            for (List<String> row : head.rows()) {
                for (int v = 0; v < saved.length; v++) {
                    definitions.define(vars.get(v), row.get(v));
                }
                process(rest, depth + 1);
            }
        } finally {
            for (int v = 0; v < saved.length; v++) {
                definitions.restore(vars.get(v), saved[v]);
            }
        }
    }

    private void emit(SourceLine line) {
        String undefined = Definitions.firstUndefinedBraced(line.text());
        if (undefined != null) {
            problems.warn(line.locationAt(line.text().indexOf("${")), "parameter ${" + undefined
                    + "} is not defined; left as written");
        }
        List<Token> tokens = tokenizer.tokenize(line);
        if (tokens.isEmpty()) {
            return;
        }
        Token first = tokens.get(0);
        if (!first.quoted()) {
            if (IncludeCheck.forKeyword(first.text()) != null) {
                problems.warn(first.location(), first.text() + " ignored: keepalived recognises include only"
                        + " on a line of its own, not after a conditional or from a parameter");
                return;
            }
            if (first.text().equals("include_check")) {
                setIncludeCheck(tokens);
            } else if (first.text().equals("random_seed") && tokens.size() > 1) {
                seedRandom(tokens.get(1));
            }
        }
        tree.acceptLine(tokens);
    }

    // ---- include ----------------------------------------------------------------------------

    private void include(SourceLine line, String keyword, int afterKeyword) {
        Location at = line.start();
        String text = line.text();
        int from = skipBlanks(text, afterKeyword);
        if (from >= text.length()) {
            problems.error(at, keyword + ": missing file name");
            return;
        }
        // As keepalived: the rest of the line, raw (its braces are brace expansion, not blocks,
        // and it may hold blanks); we also allow the whole name in double quotes.
        String pattern = text.substring(from, trimEnd(text, text.length()));
        if (pattern.length() >= 2 && pattern.startsWith("\"") && pattern.endsWith("\"")) {
            pattern = pattern.substring(1, pattern.length() - 1);
        }
        if (stack.size() > MAX_INCLUDE_DEPTH) {
            problems.error(at, keyword + ": includes nested more than " + MAX_INCLUDE_DEPTH + " deep");
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
    private void noMatch(Location at, String keyword, String pattern, String alternative, boolean braces,
            Set<IncludeCheck> checks) {
        IncludeCheck check = braces ? IncludeCheck.BRACE_MATCH
                : IncludeFinder.hasWildcard(alternative) ? IncludeCheck.WILDCARD_MATCH : IncludeCheck.MATCH;
        String message = keyword + ": no file matches '" + alternative + "'"
                + (braces ? " (from '" + pattern + "')" : "");
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
        readText(new String(bytes, StandardCharsets.UTF_8), file.toString(), parentOf(file), real, stack.peek().checks);
    }

    /**
     * {@code include_check [option] [+option|-option ...]}: no option means all of them; a plain
     * option (only first) sets that check and readable, +/- add and remove.
     */
    private void setIncludeCheck(List<Token> tokens) {
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
                problems.warn(t.location(), "include_check: '" + word + "' ignored: only the first option may be"
                        + " given without + or -");
                continue;
            }
            IncludeCheck check = IncludeCheck.fromOption(relative ? word.substring(1) : word);
            if (check == null) {
                problems.warn(t.location(), "include_check: unknown option '" + word
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

    private void seedRandom(Token seed) {
        try {
            definitions.seedRandom(Long.parseLong(seed.text()));
        } catch (NumberFormatException e) {
            // the binder reports the bad number with its location; ${_RANDOM} stays unseeded
        }
    }

    // ---- small helpers ----------------------------------------------------------------------

    private static boolean isExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            return mode.contains(PosixFilePermission.OWNER_EXECUTE) || mode.contains(PosixFilePermission.GROUP_EXECUTE)
                    || mode.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static byte[] readBounded(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_SIZE) {
            throw new IOException("larger than " + (MAX_FILE_SIZE >> 20) + " MB");
        }
        return Files.readAllBytes(file);
    }

    private String currentDirText() {
        return stack.peek().pwd();
    }

    private static Path parentOf(Path file) {
        Path parent = file.getParent();
        return parent != null ? parent : Path.of("");
    }

    /** {@code $NAME=} at position i: the name, else null. */
    private static String definitionName(String text, int i) {
        if (i >= text.length() || text.charAt(i) != '$') {
            return null;
        }
        int end = i + 1;
        while (end < text.length() && Chars.isNamePart(text.charAt(end))) {
            end++;
        }
        if (end < text.length() && text.charAt(end) == '=' && Chars.isName(text.substring(i + 1, end))) {
            return text.substring(i + 1, end);
        }
        return null;
    }

    private static int wordEnd(String text, int from) {
        int i = from;
        while (i < text.length() && !Chars.isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipBlanks(String text, int from) {
        int i = from;
        while (i < text.length() && Chars.isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String text, int end) {
        int i = end;
        while (i > 0 && Chars.isBlank(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
