package org.keepalivedj.config.checkers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A url's regex with keepalived's PCRE2 options, offsets and sense, matched with java.util.regex
 * the way keepalived 2.2.7 matches it (seen in the user-mode-linux lab against nginx): over the
 * whole answer, status line and headers included, offsets counting from its first byte, and with
 * the end of the data never an end of line, so {@code $} matches only before a newline, with
 * {@code multiline} (PCRE2's NOTEOL). The answer comes as ISO-8859-1 text (one char per byte),
 * which is what PCRE2 sees without {@code utf}; with {@code utf} the bytes are decoded as UTF-8
 * first. Options whose meaning Java's engine cannot reproduce are refused at load ({@link #problem}).
 */
public final class UrlRegex {
    /** The options keepalived's regex_options takes, each with its java.util.regex flags (0: none needed). */
    private static final Map<String, Integer> HONOURED = Map.ofEntries(
            Map.entry("caseless", Pattern.CASE_INSENSITIVE),
            Map.entry("multiline", Pattern.MULTILINE),
            Map.entry("dotall", Pattern.DOTALL),
            Map.entry("extended", Pattern.COMMENTS),
            Map.entry("ucp", Pattern.UNICODE_CHARACTER_CLASS),
            Map.entry("utf", Pattern.UNICODE_CASE),
            Map.entry("firstline", 0),
            Map.entry("use_offset_limit", 0),
            // optimisation and lock-out switches: they change no match of a pattern Java accepts
            Map.entry("auto_callout", 0),
            Map.entry("dupnames", 0),
            Map.entry("never_ucp", 0),
            Map.entry("never_utf", 0),
            Map.entry("never_backslash_c", 0),
            Map.entry("no_auto_possess", 0),
            Map.entry("no_dotstar_anchor", 0),
            Map.entry("no_start_optimize", 0),
            Map.entry("alt_verbnames", 0),
            Map.entry("no_auto_capture", 0));

    /** Options keepalived takes whose effect Java's engine has no switch for. */
    private static final Map<String, String> REFUSED = Map.of(
            "ungreedy", "Java has no switch that makes every quantifier lazy",
            "dollar_endonly", "Java's $ always also matches before a final newline",
            "match_unset_backref", "a Java backreference to an unset group never matches",
            "allow_empty_class", "Java reads [] as the start of a class, not an empty class",
            "alt_bsux", "Java reads \\u, \\U and \\x the standard way only",
            "alt_circumflex", "Java's ^ never matches after a newline that ends the subject");

    /** Follows the answer so that its end is never an end of line; matching stops before it. */
    private static final char NOT_AN_END = '\uFFFF';

    /** PCRE2's default newline is LF alone: UNIX_LINES makes ., ^ and $ see only \n as Java's line end. */
    private static final int ALWAYS = Pattern.UNIX_LINES;

    private static final Pattern BACKREFERENCE = Pattern.compile("\\\\(?:[1-9]|g\\{?-?\\d)");

    private final Pattern pattern;
    private final boolean noMatch;
    private final boolean utf;
    private final boolean firstLine;
    private final int minOffset;
    private final Integer maxOffset;

    private UrlRegex(Pattern pattern, boolean noMatch, Set<String> options, int minOffset, Integer maxOffset) {
        this.pattern = pattern;
        this.noMatch = noMatch;
        this.utf = options.contains("utf");
        this.firstLine = options.contains("firstline");
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
    }

    /** The url's regex, or null when it has none; the url must have passed {@link #problem}. */
    public static UrlRegex of(HttpCheckSpec.Url url) {
        if (url.regex() == null) {
            return null;
        }
        return new UrlRegex(
                compile(url.regex(), url.regexOptions()),
                url.regexNoMatch(),
                Set.copyOf(url.regexOptions()),
                url.regexMinOffset(),
                url.regexMaxOffset());
    }

    /** Why these settings cannot be honoured, or null when they can; the message names the keyword. */
    public static String problem(String regex, List<String> options, int minOffset, Integer maxOffset) {
        for (String o : options) {
            if (REFUSED.containsKey(o)) {
                return "regex_options " + o + " cannot be honoured: " + REFUSED.get(o);
            }
            if (!HONOURED.containsKey(o)) {
                return "regex_options " + o + " is not a regex option (keepalived takes "
                        + String.join(" ", new java.util.TreeSet<>(keywords())) + ")";
            }
        }
        if (maxOffset != null && minOffset > maxOffset) {
            return "regex_min_offset " + minOffset + " is more than regex_max_offset " + maxOffset;
        }
        if (regex == null) {
            return null;
        }
        if (options.contains("no_auto_capture") && BACKREFERENCE.matcher(regex).find()) {
            return "regex_options no_auto_capture cannot be honoured with a numbered backreference in the regex";
        }
        if (options.contains("extended") && spaceInClass(regex)) {
            return "regex_options extended cannot be honoured: the regex has white space or # inside [...],"
                    + " which PCRE2 keeps and Java's COMMENTS mode drops (escape it)";
        }
        try {
            compile(regex, options);
            return null;
        } catch (PatternSyntaxException e) {
            return "regex " + regex + " is not a valid regular expression: " + e.getDescription() + " near index "
                    + e.getIndex();
        }
    }

    private static Set<String> keywords() {
        Set<String> all = new java.util.HashSet<>(HONOURED.keySet());
        all.addAll(REFUSED.keySet());
        return all;
    }

    private static Pattern compile(String regex, List<String> options) {
        int flags = ALWAYS;
        for (String o : options) {
            flags |= HONOURED.getOrDefault(o, 0);
        }
        return Pattern.compile(regex, flags);
    }

    /** Whether a [...] class of the regex holds a literal space or #, outside escapes. */
    private static boolean spaceInClass(String regex) {
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (!inClass && c == '[') {
                inClass = true;
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++; // a leading ] is a literal
                }
            } else if (inClass && c == ']') {
                inClass = false;
            } else if (inClass && (Character.isWhitespace(c) || c == '#')) {
                return true;
            }
        }
        return false;
    }

    /** Null when the answer is acceptable to the regex, else why not. */
    public String verdict(String latin1Answer) {
        boolean found;
        try {
            found = found(latin1Answer);
        } catch (StackOverflowError e) {
            return "regex " + pattern + " is too deep to match this answer";
        }
        if (found == noMatch) {
            return found ? "regex " + pattern + " matched (regex_no_match)" : "regex " + pattern + " not matched";
        }
        return null;
    }

    private boolean found(String latin1Answer) {
        if (minOffset > latin1Answer.length()) {
            return false; // PCRE2: a start offset past the end is an error, not a match
        }
        String subject = latin1Answer;
        int from = minOffset;
        int lastStart = maxOffset == null ? latin1Answer.length() : Math.min(maxOffset, latin1Answer.length());
        if (utf) {
            subject = utf8(latin1Answer.getBytes(StandardCharsets.ISO_8859_1));
            if (subject == null) {
                return false; // PCRE2 refuses a subject that is not UTF-8: no match
            }
            from = chars(latin1Answer, from);
            lastStart = chars(latin1Answer, lastStart);
        }
        if (firstLine) {
            int newline = subject.indexOf('\n', from);
            if (newline >= 0) {
                lastStart = Math.min(lastStart, newline);
            }
        }
        Matcher m = pattern.matcher(subject + NOT_AN_END);
        m.region(from, subject.length()).useTransparentBounds(true).useAnchoringBounds(false);
        return m.find() && m.start() <= lastStart;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    /** How many chars the first byteOffset bytes of the answer decode to as UTF-8. */
    private static int chars(String latin1Answer, int byteOffset) {
        byte[] prefix = latin1Answer.substring(0, byteOffset).getBytes(StandardCharsets.ISO_8859_1);
        return new String(prefix, StandardCharsets.UTF_8).length();
    }
}
