package org.keepalivedj.api.net;

import java.util.Locale;

/** Scope of an interface address, with the kernel's numbers (RT_SCOPE_*). */
public enum AddressScope {
    GLOBAL(0), SITE(200), LINK(253), HOST(254), NOWHERE(255);

    private final int code;

    AddressScope(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static AddressScope ofCode(int code) {
        for (AddressScope s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown address scope number " + code);
    }

    /** Parses keepalived's and ip's names: global (or universe), site, link, host, nowhere. */
    public static AddressScope parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("universe")) {
            return GLOBAL;
        }
        return valueOf(n.toUpperCase(Locale.ROOT));
    }
}
