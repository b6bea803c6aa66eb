package org.keepalivedj.config.syntax;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What turns an include that finds nothing into an error rather than a warning (keepalived's
 * {@code include_check} options; the {@code includer/m/w/b/a} variants add them for one line).
 */
enum IncludeCheck {
    /** Every file matched must be a readable regular file. */
    READABLE,
    /** A pattern without wildcards must match a file. */
    MATCH,
    /** A pattern with wildcards must match a file too. */
    WILDCARD_MATCH,
    /** Every alternative of a brace expression must match a file. */
    BRACE_MATCH;

    static IncludeCheck fromOption(String option) {
        if (option.equals("read")) {
            return READABLE; // keepalived's code spells it so; its man page says "readable"
        }
        for (IncludeCheck c : values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(option)) {
                return c;
            }
        }
        return null;
    }

    /** The checks an include keyword adds, or null if the word is not an include keyword. */
    static Set<IncludeCheck> forKeyword(String keyword) {
        switch (keyword) {
            case "include":
                return EnumSet.noneOf(IncludeCheck.class);
            case "includer":
                return EnumSet.of(READABLE);
            case "includem":
                return EnumSet.of(MATCH, READABLE);
            case "includew":
                return EnumSet.of(WILDCARD_MATCH, MATCH, READABLE);
            case "includeb":
                return EnumSet.of(BRACE_MATCH, READABLE);
            case "includea":
                return EnumSet.allOf(IncludeCheck.class);
            default:
                return null;
        }
    }
}
