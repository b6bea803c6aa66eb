package org.keepalivedj.check.http;

import java.util.HexFormat;
import java.util.regex.Pattern;
import org.keepalivedj.config.checkers.HttpCheckSpec;

/** What one url's answer must look like: its status, the MD5 of its body, and its regex. */
final class UrlRules {
    /** The regex sees at most this much of the body (the digest always covers all of it). */
    static final int REGEX_WINDOW = 1 << 20;

    private final StatusCodes codes;
    private final String digest;
    private final Pattern regex;
    private final boolean regexNoMatch;

    UrlRules(HttpCheckSpec.Url url) {
        this.codes = new StatusCodes(url.statusCodes());
        this.digest = url.digest();
        this.regex = url.regex() == null ? null : Pattern.compile(url.regex());
        this.regexNoMatch = url.regexNoMatch();
    }

    boolean wantsBody() {
        return regex != null;
    }

    /** Null when the answer is acceptable, else why not. */
    String verdict(int status, byte[] md5, CharSequence body) {
        if (!codes.accepts(status)) {
            return "HTTP status " + status;
        }
        if (digest != null) {
            String got = HexFormat.of().formatHex(md5);
            if (!got.equals(digest)) {
                return "digest mismatch: expected " + digest + ", got " + got;
            }
        }
        if (regex != null) {
            boolean found = regex.matcher(body).find();
            if (found == regexNoMatch) {
                return found ? "regex " + regex + " matched (regex_no_match)" : "regex " + regex + " not matched";
            }
        }
        return null;
    }
}
