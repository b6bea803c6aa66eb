package org.keepalivedj.config.syntax;

/**
 * Backslash escapes of script command lines, as keepalived documents them: {@code \a \b \E \f \n
 * \r \t \v}, up to three octal digits, {@code \x} with up to two hex digits, {@code \cC} for the
 * control character of C, and any other character escaped as itself.
 */
final class Escapes {
    private Escapes() {}

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
