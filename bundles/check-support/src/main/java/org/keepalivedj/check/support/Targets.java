package org.keepalivedj.check.support;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;

/** Where a check connects from and to, and how long it may take, from the common keywords. */
public final class Targets {
    private Targets() {}

    /** connect_ip and connect_port where given, else the real server's address and port. */
    public static InetSocketAddress destination(CheckerSettings s, CheckTarget target) {
        InetAddress ip =
                s.connectIp() != null ? s.connectIp() : target.realServer().address();
        int port = s.connectPort() != 0 ? s.connectPort() : target.realServer().port();
        return new InetSocketAddress(ip, port);
    }

    /** bindto and bind_port, or null when neither is given (the kernel picks). */
    public static InetSocketAddress source(CheckerSettings s) {
        if (s.bindTo() == null && s.bindPort() == 0) {
            return null;
        }
        return s.bindTo() != null
                ? new InetSocketAddress(s.bindTo(), s.bindPort())
                : new InetSocketAddress(s.bindPort());
    }

    /** connect_timeout of the block, else keepalived's default (5 s). */
    public static Duration timeout(CheckerSettings s) {
        CheckTiming t = s.timing() == null ? CheckTiming.UNSET : s.timing();
        return t.connectTimeout() != null ? t.connectTimeout() : CheckTiming.DEFAULTS.connectTimeout();
    }
}
