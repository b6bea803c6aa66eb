package org.keepalivedj.lvs;

import java.util.List;

/** The keywords this engine adds to keepalived's virtual_server and real_server blocks (see package doc). */
public final class LvsKeywords {
    public static final String RISE = "rise";
    public static final String FALL = "fall";
    public static final String SLOW_START = "slow_start";

    public static final List<String> ALL = List.of(RISE, FALL, SLOW_START);

    private LvsKeywords() {}
}
