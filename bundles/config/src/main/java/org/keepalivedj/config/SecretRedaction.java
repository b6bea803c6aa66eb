package org.keepalivedj.config;

import java.util.regex.Pattern;

/**
 * Hides the values of secret keywords (VRRP auth_pass and auth_hmac keys, the SSL key password) in a canonical dump, so
 * {@code bin/keepalived -d} can be pasted into a ticket. The canonical dump itself keeps them: it must
 * load back into an equal config.
 */
public final class SecretRedaction {
    /** What a hidden value reads as. */
    public static final String HIDDEN = "<hidden>";

    private static final Pattern SECRET_LINE =
            Pattern.compile("(?m)^(\\s*(?:auth_pass|password|key\\s+[0-9]+)\\s+).*$");

    private SecretRedaction() {}

    public static String redact(String dump) {
        return SECRET_LINE.matcher(dump).replaceAll("$1" + HIDDEN);
    }
}
