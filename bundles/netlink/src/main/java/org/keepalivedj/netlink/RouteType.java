package org.keepalivedj.netlink;

import java.util.Locale;

/** Route types (RTN_*), with the kernel's numbers. */
public enum RouteType {
    UNICAST(1), LOCAL(2), BROADCAST(3), ANYCAST(4), MULTICAST(5), BLACKHOLE(6), UNREACHABLE(7), PROHIBIT(8), THROW(9);

    private final int code;

    RouteType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
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

    public static RouteType parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
