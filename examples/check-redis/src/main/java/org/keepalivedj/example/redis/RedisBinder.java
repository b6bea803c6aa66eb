package org.keepalivedj.example.redis;

import java.net.InetAddress;
import java.time.Duration;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Origin;

/** Binds a REDIS_CHECK block with nothing but the api: what a third party has to work with. */
final class RedisBinder {
    private RedisBinder() {}

    static RedisCheckSpec bind(ConfigNode block, ProblemSink sink) {
        InetAddress ip = null;
        int port = 0;
        Duration timeout = null;
        for (ConfigNode line : block.children()) {
            String value = line.arg(0).orElse(null);
            if (value == null && !line.hasBlock()) {
                sink.error(line.location(), "REDIS_CHECK: " + line.name() + " needs a value");
                continue;
            }
            switch (line.name()) {
                case "connect_ip" -> ip = address(line, value, sink);
                case "connect_port" -> port = number(line, value, 1, 65535, sink);
                case "connect_timeout" -> {
                    int seconds = number(line, value, 1, 3600, sink);
                    timeout = seconds > 0 ? Duration.ofSeconds(seconds) : null;
                }
                default -> sink.error(line.location(), "REDIS_CHECK: unknown keyword " + line.name());
            }
        }
        CheckerSettings settings = new CheckerSettings(
                ip, port, null, 0, null, 0, false, false, new CheckTiming(null, null, null, timeout, null));
        return new RedisCheckSpec(Origin.at(block.location()), settings);
    }

    private static InetAddress address(ConfigNode line, String value, ProblemSink sink) {
        // Literal addresses only: a checker must never wait on a name lookup.
        if (!value.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            sink.error(line.location(), "REDIS_CHECK: connect_ip " + value + " is not an IP address");
            return null;
        }
        try {
            return InetAddress.getByName(value);
        } catch (java.net.UnknownHostException e) {
            sink.error(line.location(), "REDIS_CHECK: connect_ip " + value + " is not an IP address");
            return null;
        }
    }

    private static int number(ConfigNode line, String value, int min, int max, ProblemSink sink) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        sink.error(line.location(), "REDIS_CHECK: " + line.name() + " " + value + " must be " + min + "-" + max);
        return 0;
    }
}
