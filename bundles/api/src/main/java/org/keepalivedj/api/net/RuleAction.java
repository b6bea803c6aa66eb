package org.keepalivedj.api.net;

import java.util.Locale;

/** What a policy rule does (FR_ACT_*), with the kernel's numbers; the lower-case name is ip's keyword. */
public enum RuleAction {
    /** "lookup TABLE", the default. */
    TABLE(1),
    GOTO(2),
    NOP(3),
    BLACKHOLE(6),
    UNREACHABLE(7),
    PROHIBIT(8);

    private final int code;

    RuleAction(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
