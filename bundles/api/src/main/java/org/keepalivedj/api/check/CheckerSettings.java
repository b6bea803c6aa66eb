package org.keepalivedj.api.check;

import java.net.InetAddress;
import org.keepalivedj.api.model.CheckTiming;

/**
 * The keywords every checker block accepts. Nulls and zeros mean "not set here": connect_ip and
 * connect_port default to the real server's, timing inherits from the real and virtual server.
 */
public record CheckerSettings(
        InetAddress connectIp,
        int connectPort,
        InetAddress bindTo,
        int bindPort,
        String bindInterface,
        int fwmark,
        boolean alpha,
        boolean logAllFailures,
        CheckTiming timing) {
    public static final CheckerSettings NONE =
            new CheckerSettings(null, 0, null, 0, null, 0, false, false, CheckTiming.UNSET);
}
