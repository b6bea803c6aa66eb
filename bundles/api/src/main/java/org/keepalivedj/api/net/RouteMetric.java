package org.keepalivedj.api.net;

/** The per-route metrics of ip route that are plain numbers (RTAX_*), with ip's keywords. */
public enum RouteMetric {
    MTU("mtu", 2),
    WINDOW("window", 3),
    SSTHRESH("ssthresh", 6),
    CWND("cwnd", 7),
    ADVMSS("advmss", 8),
    REORDERING("reordering", 9),
    HOPLIMIT("hoplimit", 10),
    INITCWND("initcwnd", 11),
    INITRWND("initrwnd", 14),
    QUICKACK("quickack", 15),
    FASTOPEN_NO_COOKIE("fastopen_no_cookie", 17);

    private final String keyword;
    private final int code;

    RouteMetric(String keyword, int code) {
        this.keyword = keyword;
        this.code = code;
    }

    public String keyword() {
        return keyword;
    }

    /** RTAX_* number. */
    public int code() {
        return code;
    }

    /** The metric whose keyword this is, or null. */
    public static RouteMetric ofKeyword(String word) {
        for (RouteMetric m : values()) {
            if (m.keyword.equals(word)) {
                return m;
            }
        }
        return null;
    }
}
