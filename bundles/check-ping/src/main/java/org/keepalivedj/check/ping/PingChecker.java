package org.keepalivedj.check.ping;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.Targets;
import org.keepalivedj.config.checkers.SimpleCheckSpec;

/**
 * One PING_CHECK: an ICMP (or ICMPv6) echo to connect_ip or the real server, answered within
 * connect_timeout. The request goes out on a raw socket shared with every other PING_CHECK of its
 * family; no thread waits for the reply.
 */
final class PingChecker implements HealthChecker {
    private final CheckRuntime runtime;
    private final SimpleCheckSpec spec;
    private final CheckTarget target;
    private final Pingers pingers;

    PingChecker(CheckRuntime runtime, SimpleCheckSpec spec, CheckTarget target, Pingers pingers) {
        this.runtime = runtime;
        this.spec = spec;
        this.target = target;
        this.pingers = pingers;
    }

    @Override
    public CompletableFuture<CheckResult> check() {
        InetAddress to = Targets.destination(spec.settings(), target).getAddress();
        Duration timeout = Targets.timeout(spec.settings());
        Pinger pinger;
        try {
            // bindto: the source of the echo request, when it is of the target's family
            InetAddress bindTo = spec.settings().bindTo();
            InetAddress source =
                    bindTo != null && (bindTo instanceof Inet6Address) == (to instanceof Inet6Address) ? bindTo : null;
            pinger = pingers.pinger(
                    to instanceof Inet6Address,
                    source,
                    spec.settings().bindInterface(),
                    spec.settings().fwmark());
        } catch (IOException e) {
            return CompletableFuture.completedFuture(
                    CheckResult.down("cannot ping " + IpAddresses.format(to) + ": " + e.getMessage()));
        }
        CompletableFuture<Boolean> answered = pinger.ping(to, timeout, runtime.eventLoops());
        CompletableFuture<CheckResult> result = answered.handle((ok, error) -> {
            if (error != null) {
                return CheckResult.down("cannot ping " + IpAddresses.format(to) + ": " + error.getMessage());
            }
            return ok
                    ? CheckResult.up("echo reply from " + IpAddresses.format(to))
                    : CheckResult.down(
                            "no echo reply from " + IpAddresses.format(to) + " within " + timeout.toMillis() + " ms");
        });
        // The engine cancels an attempt that outlives its deadline: forget the request then.
        result.whenComplete((r, e) -> answered.cancel(false));
        return result;
    }
}
