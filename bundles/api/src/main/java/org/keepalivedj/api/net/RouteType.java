package org.keepalivedj.api.net;

import java.util.Locale;

/** Route types (RTN_*), with the kernel's numbers; the lower-case name is ip's keyword. */
public enum RouteType {
    UNICAST(1),
    LOCAL(2),
    BROADCAST(3),
    ANYCAST(4),
    MULTICAST(5),
    BLACKHOLE(6),
    UNREACHABLE(7),
    PROHIBIT(8),
    THROW(9),
    NAT(10);

    private final int code;

    RouteType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type with this number, or null when it is not one of ours. */
    public static RouteType ofCode(int code) {
        for (RouteType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** The type whose keyword this is, or null. */
    public static RouteType ofKeyword(String word) {
        for (RouteType t : values()) {
            if (t.keyword().equals(word)) {
                return t;
            }
        }
        return null;
    }
}
