package org.keepalivedj.config.syntax;

/**
 * Backslash escapes of script command lines, as keepalived documents them: {@code \a \b \E \f \n
 * \r \t \v}, up to three octal digits, {@code \x} with up to two hex digits, {@code \cC} for the
 * control character of C, and any other character escaped as itself. keepalived decodes a url's
 * regex the same way (seen in the user-mode-linux lab: {@code Hell\w} does not match "Hello",
 * {@code Hell\\w} does).
 */
public final class Escapes {
    private Escapes() {}

    /** The text with every backslash escape decoded; a backslash at the very end stays as it is. */
    public static String decodeAll(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                i = decode(text, i + 1, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Decodes the escape whose letter is at {@code at} (just after the backslash) into {@code out}.
     *
     * @return the index after the escape
     */
    static int decode(String text, int at, StringBuilder out) {
        int n = text.length();
        char c = text.charAt(at);
        switch (c) {
            case 'a':
                out.append((char) 7);
                return at + 1;
            case 'b':
                out.append('\b');
                return at + 1;
            case 'E':
                out.append((char) 0x1b);
                return at + 1;
            case 'f':
                out.append('\f');
                return at + 1;
            case 'n':
                out.append('\n');
                return at + 1;
            case 'r':
                out.append('\r');
                return at + 1;
            case 't':
                out.append('\t');
                return at + 1;
            case 'v':
                out.append((char) 0x0b);
                return at + 1;
            case 'x': {
                int value = 0;
                int i = at + 1;
                while (i < n && i < at + 3 && Character.digit(text.charAt(i), 16) >= 0) {
                    value = value * 16 + Character.digit(text.charAt(i), 16);
                    i++;
                }
                if (i == at + 1) {
                    out.append('x');
                } else {
                    out.append((char) value);
                }
                return i;
            }
            case 'c': {
                if (at + 1 >= n) {
                    out.append('c');
                    return at + 1;
                }
                out.append((char) (text.charAt(at + 1) & 0x1f));
                return at + 2;
            }
            default:
                if (c >= '0' && c <= '7') {
                    int value = 0;
                    int i = at;
                    while (i < n && i < at + 3 && text.charAt(i) >= '0' && text.charAt(i) <= '7') {
                        value = value * 8 + (text.charAt(i) - '0');
                        i++;
                    }
                    out.append((char) (value & 0xff));
                    return i;
                }
                out.append(c);
                return at + 1;
        }
    }
}
