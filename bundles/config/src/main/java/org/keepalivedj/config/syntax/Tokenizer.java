package org.keepalivedj.config.syntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keepalivedj.api.config.Token;

/**
 * Splits one preprocessed line into words. Words are separated by blanks; {@code {} and {@code }}
 * are words of their own even when written against other text (as keepalived reads them); an
 * unquoted {@code #} or {@code !} ends the line. Double quotes group text with its blanks, may
 * start or stop mid-word like the shell's, and allow backslash escapes inside them.
 */
final class Tokenizer {
    /** Words this short repeat a lot (keywords, small numbers): one String each saves much heap. */
    private static final int SHARED_WORD_MAX = 24;
    private static final int SHARED_WORDS_MAX = 1 << 16;

    private final Problems problems;
    private final Map<String, String> sharedWords = new HashMap<>();
    private final StringBuilder word = new StringBuilder();

    Tokenizer(Problems problems) {
        this.problems = problems;
    }

    List<Token> tokenize(SourceLine line) {
        List<Token> tokens = new ArrayList<>(8);
        String text = line.text();
        int n = text.length();
        int i = 0;
        while (true) {
            while (i < n && Chars.isBlank(text.charAt(i))) {
                i++;
            }
            if (i >= n || Chars.isCommentStart(text.charAt(i))) {
                return tokens;
            }
            char c = text.charAt(i);
            if (Chars.isBrace(c)) {
                tokens.add(new Token(String.valueOf(c), line.locationAt(i), false));
                i++;
                continue;
            }
            int start = i;
            boolean quoted = false;
            word.setLength(0);
            while (i < n) {
                c = text.charAt(i);
                if (c == '"') {
                    quoted = true;
                    int close = readQuoted(text, i + 1, word);
                    if (close < 0) {
                        problems.error(line.locationAt(i), "unterminated quoted string (missing closing '\"')");
                        return tokens;
                    }
                    i = close + 1;
                } else if (Chars.isBlank(c) || Chars.isBrace(c) || Chars.isCommentStart(c)) {
                    break;
                } else {
                    word.append(c);
                    i++;
                }
            }
            tokens.add(new Token(shared(word), line.locationAt(start), quoted));
        }
    }

    private String shared(CharSequence chars) {
        String w = chars.toString();
        if (w.length() > SHARED_WORD_MAX) {
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
     * Appends the decoded contents of a quoted string starting after its opening quote.
     *
     * @return the index of the closing quote, or -1 if the line ends first
     */
    static int readQuoted(String text, int from, StringBuilder out) {
        int n = text.length();
        int i = from;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n) {
                return -1;
            }
            i = Escapes.decode(text, i + 1, out);
        }
        return -1;
    }

    /** The index where an unquoted comment starts, or the length of the text if none does. */
    static int commentStart(String text) {
        int n = text.length();
        boolean inQuotes = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inQuotes = false;
                }
            } else if (c == '"') {
                inQuotes = true;
            } else if (Chars.isCommentStart(c)) {
                return i;
            }
        }
        return n;
    }
}
