package org.keepalivedj.config.syntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keepalivedj.api.config.Token;

/**
 * Splits one preprocessed line into words, in one of keepalived's two ways.
 *
 * <p>Everywhere: words are separated by blanks; '{' and '}' are words of their own even
 * against other text (keepalived splits lines at braces outside double quotes); an unquoted
 * {@code #} or {@code !} ends the line, unless written {@code \#} or {@code \!}.
 *
 * <p>Most keywords: a word starting with {@code "} runs to the next {@code "} and is taken as
 * written (no escapes); a {@code "} inside a word starts a new word. Backslashes are ordinary.
 *
 * <p>Script keywords ({@code script}, {@code notify*}, {@code misc_path}, ...), whose command
 * keepalived re-reads like a shell: both {@code "} and {@code '} quote, quoted parts may start or
 * stop mid-word, and backslash escapes are decoded inside and outside quotes.
 */
final class Tokenizer {
    /** The keywords keepalived reads with quotes and escapes, like a shell command line. */
    static final Set<String> SCRIPT_KEYWORDS = Set.of(
            "script",
            "misc_path",
            "notify",
            "notify_master",
            "notify_backup",
            "notify_fault",
            "notify_stop",
            "notify_deleted",
            "notify_master_rx_lower_pri",
            "notify_up",
            "notify_down",
            "quorum_up",
            "quorum_down",
            "startup_script",
            "shutdown_script",
            "notify_fifo_script",
            "vrrp_notify_fifo_script",
            "lvs_notify_fifo_script");

    /**
     * Keywords, names and small numbers repeat a lot: one String each saves much heap. Words
     * longer than six characters starting with a digit (addresses) are mostly unique: not kept.
     */
    private static final int SHARED_WORD_MAX = 24;

    private static final int SHARED_WORDS_MAX = 1 << 16;

    private final ReadProblems problems;
    private final Map<String, String> sharedWords = new HashMap<>();
    /** The word being read, and whether any part of it was quoted (script lines). */
    private final StringBuilder word = new StringBuilder();

    private boolean wordWasQuoted;

    Tokenizer(ReadProblems problems) {
        this.problems = problems;
    }

    List<Token> tokenize(SourceLine line) {
        List<Token> tokens = new ArrayList<>(8);
        String text = line.text();
        int n = text.length();
        int i = 0;
        boolean shellLike = false;
        boolean statementStart = true;
        while (true) {
            while (i < n && Chars.isBlank(text.charAt(i))) {
                i++;
            }
            if (i >= n || Chars.isCommentStart(text.charAt(i))) {
                return tokens;
            }
            char c = text.charAt(i);
            if (Chars.isBrace(c)) {
                tokens.add(new Token(c == '{' ? "{" : "}", line.locationAt(i), false));
                shellLike = false; // a new statement starts after a brace
                statementStart = true;
                i++;
                continue;
            }
            int start = i;
            word.setLength(0);
            boolean quoted;
            if (shellLike) {
                i = shellWord(line, i);
                quoted = wordWasQuoted;
            } else if (c == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    unterminated(line, i, '"');
                    return tokens;
                }
                word.append(text, i + 1, close);
                i = close + 1;
                quoted = true;
            } else {
                i = plainWord(text, i);
                quoted = false;
            }
            if (i < 0) {
                return tokens;
            }
            String w = shared(word);
            tokens.add(new Token(w, line.locationAt(start), quoted));
            if (statementStart) {
                shellLike = !quoted && SCRIPT_KEYWORDS.contains(w);
                statementStart = false;
            }
        }
    }

    /** An unquoted word of an ordinary line: up to a blank, brace, quote or comment. */
    private int plainWord(String text, int from) {
        int n = text.length();
        int i = from;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < n && Chars.isCommentStart(text.charAt(i + 1))) {
                word.append(text.charAt(i + 1));
                i += 2;
            } else if (Chars.isBlank(c) || Chars.isBrace(c) || Chars.isCommentStart(c) || c == '"') {
                break;
            } else {
                word.append(c);
                i++;
            }
        }
        return i;
    }

    /** A word of a script line, read like a shell word; -1 if the line is malformed (reported). */
    private int shellWord(SourceLine line, int from) {
        String text = line.text();
        int n = text.length();
        int i = from;
        char quote = 0;
        int quoteAt = -1;
        wordWasQuoted = false;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    problems.error(line.locationAt(i), "backslash at the end of the line (nothing to escape)");
                    return -1;
                }
                i = Escapes.decode(text, i + 1, word);
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
                i++;
            } else if (c == '"' || c == '\'') {
                quote = c;
                quoteAt = i;
                wordWasQuoted = true;
                i++;
            } else if (Chars.isBlank(c) || Chars.isBrace(c) || Chars.isCommentStart(c)) {
                break;
            } else {
                word.append(c);
                i++;
            }
        }
        if (quote != 0) {
            unterminated(line, quoteAt, quote);
            return -1;
        }
        return i;
    }

    private void unterminated(SourceLine line, int at, char quote) {
        problems.error(
                line.locationAt(at),
                "unterminated quoted string (missing closing " + (quote == '"' ? "'\"')" : "\"'\")"));
    }

    private String shared(CharSequence chars) {
        String w = chars.toString();
        if (w.length() > SHARED_WORD_MAX || (w.length() > 6 && Character.isDigit(w.charAt(0)))) {
            return w;
        }
        String known = sharedWords.get(w);
        if (known != null) {
            return known;
        }
        if (sharedWords.size() < SHARED_WORDS_MAX) {
            sharedWords.put(w, w);
        }
        return w;
    }

    /**
     * Decodes a double-quoted string starting after its opening quote into {@code out} (used for
     * include file names, which may hold blanks).
     *
     * @return the index of the closing quote, or -1 if the line ends first
     */
    static int readQuoted(String text, int from, StringBuilder out) {
        int close = text.indexOf('"', from);
        if (close < 0) {
            return -1;
        }
        out.append(text, from, close);
        return close;
    }

    /**
     * The index where an unquoted comment starts, or the length of the text if none does. As in
     * keepalived, only double quotes protect, and a backslash protects the character after it.
     */
    static int commentStart(String text) {
        int n = text.length();
        boolean inQuotes = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                inQuotes = !inQuotes;
            } else if (!inQuotes && Chars.isCommentStart(c)) {
                return i;
            }
        }
        return n;
    }
}
