package org.keepalivedj.config.syntax;

/**
 * Shell wildcard matching of one file name: {@code *}, {@code ?}, {@code [abc]}, {@code [a-z]},
 * {@code [!x]} / {@code [^x]} and backslash escapes. A leading dot must be matched literally.
 */
final class Glob {
    private Glob() {}

    static boolean matches(String pattern, String name) {
        if (name.startsWith(".") && !pattern.startsWith(".")) {
            return false;
        }
        int p = 0;
        int s = 0;
        int starP = -1;
        int starS = -1;
        while (s < name.length()) {
            if (p < pattern.length()) {
                char c = pattern.charAt(p);
                if (c == '*') {
                    starP = ++p;
                    starS = s;
                    continue;
                }
                int next = matchOne(pattern, p, name.charAt(s));
                if (next >= 0) {
                    p = next;
                    s++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            p = starP;
            s = ++starS;
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Matches one pattern element at p against c: the index after the element, or -1. */
    private static int matchOne(String pattern, int p, char c) {
        char pc = pattern.charAt(p);
        if (pc == '?') {
            return p + 1;
        }
        if (pc == '[') {
            int end = classEnd(pattern, p);
            if (end > 0) {
                return inClass(pattern, p + 1, end, c) ? end + 1 : -1;
            }
            return c == '[' ? p + 1 : -1;
        }
        if (pc == '\\' && p + 1 < pattern.length()) {
            return pattern.charAt(p + 1) == c ? p + 2 : -1;
        }
        return pc == c ? p + 1 : -1;
    }

    /** Index of the ']' closing the class opened at p, or -1 if there is none. */
    private static int classEnd(String pattern, int p) {
        int i = p + 1;
        if (i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^')) {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++; // a ']' first in the class is a member
        }
        while (i < pattern.length() && pattern.charAt(i) != ']') {
            i++;
        }
        return i < pattern.length() ? i : -1;
    }

    private static boolean inClass(String pattern, int from, int end, char c) {
        boolean negate = pattern.charAt(from) == '!' || pattern.charAt(from) == '^';
        int i = negate ? from + 1 : from;
        boolean found = false;
        boolean first = true;
        while (i < end) {
            char lo = pattern.charAt(i);
            if (lo == ']' && !first) {
                break;
            }
            first = false;
            if (i + 2 < end && pattern.charAt(i + 1) == '-') {
                char hi = pattern.charAt(i + 2);
                if (c >= lo && c <= hi) {
                    found = true;
                }
                i += 3;
            } else {
                if (c == lo) {
                    found = true;
                }
                i++;
            }
        }
        return found != negate;
    }
}
