package org.keepalivedj.config.syntax;

/** Character classes of the keepalived.conf language. */
final class Chars {
    private Chars() {}

    /** Word separators (keepalived splits on spaces and tabs; the rest are tolerated the same way). */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b;
    }

    static boolean isCommentStart(char c) {
        return c == '#' || c == '!';
    }

    static boolean isBrace(char c) {
        return c == '{' || c == '}';
    }

    static boolean isNameStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    static boolean isName(String s) {
        if (s.isEmpty() || !isNameStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isNamePart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first non-blank at or after {@code from}. */
    static int skipBlanks(String text, int from) {
        int i = from;
        while (i < text.length() && isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index just after the blank-delimited word starting at {@code from}. */
    static int wordEnd(String text, int from) {
        int i = from;
        while (i < text.length() && !isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code end}, moved back over trailing blanks. */
    static int trimEnd(String text, int end) {
        int i = end;
        while (i > 0 && isBlank(text.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
