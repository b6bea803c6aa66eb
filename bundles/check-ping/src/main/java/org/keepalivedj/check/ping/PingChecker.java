package org.keepalivedj.check.ping;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.Targets;
import org.keepalivedj.config.checkers.SimpleCheckSpec;

/**
 * One PING_CHECK: an ICMP (or ICMPv6) echo to connect_ip or the real server, answered within
 * connect_timeout. Sent through the JDK's echo, which uses a raw socket, so it needs CAP_NET_RAW;
 * the JDK waits for the answer, so each attempt holds a thread of the bounded blocking pool.
 */
final class PingChecker implements HealthChecker {
    private final CheckRuntime runtime;
    private final SimpleCheckSpec spec;
    private final CheckTarget target;

    PingChecker(CheckRuntime runtime, SimpleCheckSpec spec, CheckTarget target) {
        this.runtime = runtime;
        this.spec = spec;
        this.target = target;
    }

    @Override
    public CompletableFuture<CheckResult> check() {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        try {
            Future<?> work = runtime.blockingPool().submit(() -> result.complete(ping()));
            // A cancelled attempt stops waiting for its echo.
            result.whenComplete((r, e) -> work.cancel(true));
        } catch (RejectedExecutionException busy) {
            result.complete(CheckResult.down("too much blocking work queued"));
        }
        return result;
    }

    private CheckResult ping() {
        InetAddress to = Targets.destination(spec.settings(), target).getAddress();
        int timeout = (int) Math.min(Integer.MAX_VALUE, Targets.timeout(spec.settings()).toMillis());
        try {
            NetworkInterface via = spec.settings().bindInterface() == null ? null
                    : NetworkInterface.getByName(spec.settings().bindInterface());
            if (spec.settings().bindInterface() != null && via == null) {
                return CheckResult.down("no interface " + spec.settings().bindInterface());
            }
            boolean answered = via == null ? to.isReachable(timeout) : to.isReachable(via, 0, timeout);
            return answered ? CheckResult.up("echo reply from " + to.getHostAddress())
                    : CheckResult.down("no echo reply from " + to.getHostAddress() + " within " + timeout + " ms");
        } catch (SocketException e) {
            return CheckResult.down("cannot ping " + to.getHostAddress() + ": " + e.getMessage());
        } catch (IOException e) {
            return CheckResult.down("cannot ping " + to.getHostAddress() + ": " + e.getMessage());
        }
    }
}
