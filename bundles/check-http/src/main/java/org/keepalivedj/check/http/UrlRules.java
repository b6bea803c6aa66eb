package org.keepalivedj.check.http;

import java.util.HexFormat;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.config.checkers.HttpCheckSpec;
import org.keepalivedj.config.checkers.UrlRegex;

/** What one url's answer must look like: its status, the MD5 of its body, and its regex over the whole answer. */
final class UrlRules {
    /** The regex sees at most this much of the answer (the digest always covers all of the body). */
    static final int REGEX_WINDOW = 1 << 20;

    /** The up result of each status code, made once: a passing check allocates none (codes have 3 digits). */
    private static final CheckResult[] UP_BY_STATUS = new CheckResult[1000];

    private final StatusCodes codes;
    private final String digest;
    private final UrlRegex regex;

    UrlRules(HttpCheckSpec.Url url) {
        this.codes = new StatusCodes(url.statusCodes());
        this.digest = url.digest();
        this.regex = UrlRegex.of(url);
    }

    boolean wantsText() {
        return regex != null;
    }

    boolean wantsDigest() {
        return digest != null;
    }

    /** Up ("HTTP status 200") when the answer is acceptable, else down with why not. */
    CheckResult result(int status, byte[] md5, String answerText) {
        String why = verdict(status, md5, answerText);
        return why == null ? up(status) : CheckResult.down(why);
    }

    private static CheckResult up(int status) {
        if (status < 0 || status >= UP_BY_STATUS.length) {
            return CheckResult.up("HTTP status " + status);
        }
        // A race between checks at most makes one twice; CheckResult is immutable, so either is right.
        CheckResult up = UP_BY_STATUS[status];
        if (up == null) {
            up = CheckResult.up("HTTP status " + status);
            UP_BY_STATUS[status] = up;
        }
        return up;
    }

    /** Null when the answer is acceptable, else why not; md5 may be null when no digest is wanted. */
    String verdict(int status, byte[] md5, String answerText) {
        if (!codes.accepts(status)) {
            return "HTTP status " + status;
        }
        if (digest != null) {
            String got = HexFormat.of().formatHex(md5);
            if (!got.equals(digest)) {
                return "digest mismatch: expected " + digest + ", got " + got;
            }
        }
        return regex == null ? null : regex.verdict(answerText);
    }
}
