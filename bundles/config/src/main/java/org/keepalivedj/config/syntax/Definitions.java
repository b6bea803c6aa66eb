package org.keepalivedj.config.syntax;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The {@code $NAME=value} parameters and keepalived's predefined ones, and their substitution into
 * a line: {@code ${NAME}} anywhere, {@code $NAME} when followed by a blank, ',', ')' or the end of the line.
 * Undefined parameters stay as written. One call substitutes one level; the preprocessor feeds the
 * result back in, which is how values that mention other parameters get expanded at use time.
 */
final class Definitions {
    /** A substituted line longer than this is refused (a parameter that doubles itself, say). */
    static final int MAX_LINE_LENGTH = 1 << 20;

    private final Map<String, String> values = new HashMap<>();
    private final String instance;
    private final Function<String, String> env;
    private Random random = new Random();

    Definitions(String instance, Function<String, String> env) {
        this.instance = instance;
        this.env = env;
    }

    void define(String name, String value) {
        values.put(name, value);
    }

    /** The name of a {@code $NAME=} definition written at position i, else null. */
    static String definitionName(String text, int i) {
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

    /** The current value, or null; used to save and restore a ~SEQ variable. */
    String get(String name) {
        return values.get(name);
    }

    void restore(String name, String previous) {
        if (previous == null) {
            values.remove(name);
        } else {
            values.put(name, previous);
        }
    }

    /** The value of a whole word written {@code $NAME} or {@code ${NAME}} if defined, else the word. */
    String resolveWord(String word, String pwd) {
        String name = null;
        if (word.startsWith("${") && word.endsWith("}")) {
            name = word.substring(2, word.length() - 1);
        } else if (word.startsWith("$")) {
            name = word.substring(1);
        }
        String value = name != null && Chars.isName(name) ? plain(name, pwd) : null;
        return value != null ? value.trim() : word;
    }

    /** keepalived's {@code random_seed}: makes {@code ${_RANDOM}} repeatable. */
    void seedRandom(long seed) {
        random = new Random(seed);
    }

    /** A substitution made the line longer than {@link #MAX_LINE_LENGTH}. */
    static final class TooLong extends Exception {
        private static final long serialVersionUID = 1L;

        TooLong() {
            super(null, null, false, false);
        }
    }

    /**
     * Substitutes every defined parameter in the line once.
     *
     * @param pwd the directory of the file the line is in, for {@code ${_PWD}}
     * @return the new line, or null if nothing was substituted
     */
    SourceLine substitute(SourceLine line, String pwd, ReadProblems problems) throws TooLong {
        String text = line.text();
        int dollar = text.indexOf('$');
        if (dollar < 0) {
            return null;
        }
        SourceLine.Builder out = null;
        int copied = 0;
        int n = text.length();
        while (dollar >= 0) {
            int end;
            String value;
            if (dollar + 1 < n && text.charAt(dollar + 1) == '{') {
                int close = text.indexOf('}', dollar + 2);
                if (close < 0) {
                    break;
                }
                end = close + 1;
                value = braced(text.substring(dollar + 2, close), pwd, line, dollar, problems);
            } else {
                end = dollar + 1;
                while (end < n && Chars.isNamePart(text.charAt(end))) {
                    end++;
                }
                boolean named = end > dollar + 1 && Chars.isNameStart(text.charAt(dollar + 1));
                // keepalived also ends a plain $NAME at ',' and ')', for ~SEQ and ~LST heads
                boolean delimited = end == n
                        || Chars.isBlank(text.charAt(end))
                        || text.charAt(end) == '\n'
                        || text.charAt(end) == ','
                        || text.charAt(end) == ')';
                value = named && delimited ? plain(text.substring(dollar + 1, end), pwd) : null;
            }
            if (value != null) {
                if (out == null) {
                    out = new SourceLine.Builder(line);
                }
                out.append(line, copied, dollar);
                out.insert(value, line.columnAt(dollar));
                copied = end;
                if (out.length() > MAX_LINE_LENGTH) {
                    throw new TooLong();
                }
            }
            dollar = text.indexOf('$', end);
        }
        if (out == null) {
            return null;
        }
        out.append(line, copied, n);
        if (out.length() > MAX_LINE_LENGTH) {
            throw new TooLong();
        }
        return out.build();
    }

    private String plain(String name, String pwd) {
        String value = values.get(name);
        return value != null ? value : predefined(name, pwd);
    }

    private String braced(String inner, String pwd, SourceLine line, int at, ReadProblems problems) {
        if (Chars.isName(inner)) {
            return plain(inner, pwd);
        }
        String[] words = inner.trim().split("[ \t]+");
        if (words[0].equals("_RANDOM") && words.length <= 3) {
            return randomBetween(words, line, at, problems);
        }
        if (words[0].equals("_ENV") && words.length == 2) {
            String v = env.apply(words[1]);
            if (v == null) {
                problems.warn(
                        line.locationAt(at),
                        "environment variable " + words[1] + " is not set; ${_ENV " + words[1] + "} is empty");
                return "";
            }
            return v;
        }
        return null;
    }

    private String predefined(String name, String pwd) {
        switch (name) {
            case "_PWD":
                return pwd;
            case "_INSTANCE":
                return instance;
            case "_HASH":
                return "#";
            case "_BANG":
                return "!";
            case "_RANDOM":
                return Integer.toString(random.nextInt(32768));
            default:
                return null;
        }
    }

    private String randomBetween(String[] words, SourceLine line, int at, ReadProblems problems) {
        long min = 0;
        long max = 32767;
        try {
            if (words.length > 1) {
                min = Long.parseLong(words[1]);
            }
            if (words.length > 2) {
                max = Long.parseLong(words[2]);
            }
        } catch (NumberFormatException e) {
            problems.error(line.locationAt(at), "${_RANDOM MIN MAX}: MIN and MAX must be non-negative integers");
            return "";
        }
        if (min < 0 || max < min) {
            problems.error(line.locationAt(at), "${_RANDOM MIN MAX}: need 0 <= MIN <= MAX, got " + min + " " + max);
            return "";
        }
        long span = max - min + 1;
        return Long.toString(min + (long) Math.floor(random.nextDouble() * span));
    }

    /** The name of the first {@code ${NAME}} in the text, or null; for the "left undefined" warning. */
    static String firstUndefinedBraced(String text) {
        int at = text.indexOf("${");
        while (at >= 0) {
            int close = text.indexOf('}', at + 2);
            if (close < 0) {
                return null;
            }
            String inner = text.substring(at + 2, close);
            if (Chars.isName(inner)) {
                return inner;
            }
            at = text.indexOf("${", close);
        }
        return null;
    }
}
