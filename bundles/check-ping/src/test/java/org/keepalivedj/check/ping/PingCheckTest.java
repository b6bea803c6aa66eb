package org.keepalivedj.check.ping;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.checkers.SimpleCheckSpec;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/** PING_CHECK with real ICMP echo in namespaces: a live peer (IPv4 and IPv6) and a dead address. */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class PingCheckTest {

    private static CheckResult ping(PingCheckFactory factory, String address) throws Exception {
        CheckerSettings s = new CheckerSettings(null, 0, null, 0, null, 0, false, false,
                new CheckTiming(null, null, null, Duration.ofMillis(700), null));
        return factory.create(new SimpleCheckSpec("PING_CHECK", Origin.NONE, s),
                new CheckTarget("vs", new Endpoint(InetAddress.getByName(address), 0))).check().get(10, TimeUnit.SECONDS);
    }

    @Test
    void echoFromALivePeerIsUpAndSilenceIsDown(NetLab lab) throws Exception {
        Netns peer = lab.node("peer", "10.78.0.2/24", "fd00:78::2/64");
        Netns host = lab.node("host", "10.78.0.1/24", "fd00:78::1/64");
        peer.execOrThrow("ip", "link", "set", "lo", "up");
        host.execOrThrow("ip", "link", "set", "lo", "up");
        // The runtime is made inside the namespace: its pool threads, created from there, stay there.
        host.run(() -> {
            try (NettyCheckRuntime runtime = new NettyCheckRuntime(1, 1)) {
                PingCheckFactory factory = new PingCheckFactory(runtime);
                CheckResult v4 = ping(factory, "10.78.0.2");
                assertTrue(v4.up(), v4.detail());
                // IPv6 needs duplicate address detection to finish first.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                CheckResult v6 = ping(factory, "fd00:78::2");
                while (!v6.up() && System.nanoTime() < deadline) {
                    v6 = ping(factory, "fd00:78::2");
                }
                assertTrue(v6.up(), v6.detail());
                CheckResult dead = ping(factory, "10.78.0.9");
                assertFalse(dead.up());
                assertTrue(dead.detail().contains("no echo reply"), dead.detail());
            }
        });
    }
}
