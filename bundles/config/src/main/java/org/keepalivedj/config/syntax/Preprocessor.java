package org.keepalivedj.config.syntax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    static final int MAX_SUBSTITUTION_DEPTH = 64;
    /** Lines processed (including ~SEQ repetitions): a guard against definitions that explode. */
    static final long MAX_WORK = 10_000_000;

    private final String configId;
    private final ReadProblems problems;
    private final TreeBuilder tree;
    private final Tokenizer tokenizer;
    private final Definitions definitions;
    private final Deque<FileContext> stack = new ArrayDeque<>();
    private final List<Path> files = new ArrayList<>();
    private final Includes includes;
    private final long maxWork;
    private long work;

    Preprocessor(ConfigReader.Options options, long maxWork, ReadProblems problems, TreeBuilder tree) {
        this.maxWork = maxWork;
        this.configId = options.configId();
        this.problems = problems;
        this.tree = tree;
        this.tokenizer = new Tokenizer(problems);
        this.definitions = new Definitions(options.configId(), options.env());
        this.includes = new Includes(problems, stack, files, this::readText);
    }

    List<Path> files() {
        return files;
    }

    void readFile(Path file) {
        String name = file.toString();
        byte[] bytes;
        Path real;
        try {
            bytes = Includes.readBounded(file);
            real = file.toRealPath();
        } catch (IOException | RuntimeException e) {
            problems.error(new Location(name, 0, 0), "cannot read configuration file: " + Includes.reason(e));
            return;
        }
        files.add(file);
        readText(
                new String(bytes, StandardCharsets.UTF_8),
                name,
                Includes.parentOf(file),
                real,
                EnumSet.noneOf(IncludeCheck.class));
    }

    void readText(String text, String name, Path baseDir) {
        readText(text, name, baseDir, null, EnumSet.noneOf(IncludeCheck.class));
    }

    private void readText(String text, String name, Path dir, Path real, Set<IncludeCheck> checks) {
        stack.push(new FileContext(name, dir, real, checks));
        try {
            LineReader lines = new LineReader(text, name, problems);
            SourceLine line;
            while ((line = lines.nextStatement()) != null) {
                // keepalived spots include lines first, before conditionals and parameters
                int start = line.firstNonBlank();
                if (line.text().startsWith("include", start)) {
                    int end = Chars.wordEnd(line.text(), start);
                    String first = line.text().substring(start, end);
                    if (IncludeCheck.forKeyword(first) != null) {
                        includes.include(line, first, end);
                        continue;
                    }
                }
                process(line, 0);
            }
        } finally {
            stack.pop();
        }
    }

    // ---- the per-line steps -----------------------------------------------------------------

    private void process(SourceLine line, int depth) {
        if (++work > maxWork) {
            problems.error(
                    line.start(),
                    "configuration expands to more than " + maxWork + " lines (runaway ~SEQ or parameter?)");
            throw new ReadAborted();
        }
        String text = line.text();
        int i = line.firstNonBlank();
        while (i < text.length() && text.charAt(i) == '@') {
            int end = Chars.wordEnd(text, i);
            boolean negated = end > i + 1 && text.charAt(i + 1) == '^';
            String id = text.substring(negated ? i + 2 : i + 1, end);
            if (id.equals(configId) == negated) {
                return; // not for this config id
            }
            i = Chars.skipBlanks(text, end);
        }
        if (i >= text.length()) {
            return;
        }
        if (i > 0) {
            line = line.substring(i);
            text = line.text();
        }
        String name = Definitions.definitionName(text, 0);
        if (name != null) {
            String value = text.substring(name.length() + 2);
            int from = Chars.skipBlanks(value, 0);
            definitions.define(name, value.substring(from, Math.max(from, Chars.trimEnd(value, value.length()))));
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
            problems.error(
                    line.start(),
                    "line longer than " + Definitions.MAX_LINE_LENGTH
                            + " characters after parameter substitution (a parameter defined in terms of itself?)");
            return;
        }
        if (substituted == null) {
            emit(line);
            return;
        }
        if (depth >= MAX_SUBSTITUTION_DEPTH) {
            problems.error(
                    line.start(),
                    "parameter substitution nested more than " + MAX_SUBSTITUTION_DEPTH
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
            problems.error(
                    line.start(),
                    "~SEQ/~LST and parameters nested more than " + MAX_SUBSTITUTION_DEPTH + " deep on one line");
            return;
        }
        LineRepeater.Head head =
                LineRepeater.parse(line, word -> definitions.resolveWord(word, currentDirText()), problems);
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
            problems.warn(
                    line.locationAt(line.text().indexOf("${")),
                    "parameter ${" + undefined + "} is not defined; left as written");
        }
        List<Token> tokens = tokenizer.tokenize(line);
        if (tokens.isEmpty()) {
            return;
        }
        Token first = tokens.get(0);
        if (!first.quoted()) {
            if (IncludeCheck.forKeyword(first.text()) != null) {
                problems.warn(
                        first.location(),
                        first.text() + " ignored: keepalived recognises include only"
                                + " on a line of its own, not after a conditional or from a parameter");
                return;
            }
            if (first.text().equals("include_check")) {
                includes.setIncludeCheck(tokens);
            } else if (first.text().equals("random_seed") && tokens.size() > 1) {
                seedRandom(tokens.get(1));
            }
        }
        tree.acceptLine(tokens);
    }

    private void seedRandom(Token seed) {
        try {
            definitions.seedRandom(Long.parseLong(seed.text()));
        } catch (NumberFormatException e) {
            // the binder reports the bad number with its location; ${_RANDOM} stays unseeded
        }
    }

    // ---- small helpers ----------------------------------------------------------------------

    private String currentDirText() {
        return stack.peek().pwd();
    }
}
