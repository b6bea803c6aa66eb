package org.keepalivedj.check.ping;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/** PING_CHECK with real ICMP echo in namespaces: a live peer (IPv4 and IPv6), a dead address, many at once. */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class PingCheckTest {

    private static CompletableFuture<CheckResult> ping(
            PingCheckFactory factory, String address, String bindIf, Duration timeout) throws Exception {
        return ping(factory, address, null, bindIf, timeout);
    }

    private static CompletableFuture<CheckResult> ping(
            PingCheckFactory factory, String address, String bindTo, String bindIf, Duration timeout) throws Exception {
        CheckerSettings s = new CheckerSettings(
                null,
                0,
                bindTo == null ? null : InetAddress.getByName(bindTo),
                0,
                bindIf,
                0,
                false,
                false,
                new CheckTiming(null, null, null, timeout, null));
        return factory.create(
                        new SimpleCheckSpec("PING_CHECK", Origin.NONE, s),
                        new CheckTarget("vs", new Endpoint(InetAddress.getByName(address), 0)))
                .check();
    }

    private static CheckResult ping(PingCheckFactory factory, String address) throws Exception {
        return ping(factory, address, null, Duration.ofSeconds(2)).get(20, TimeUnit.SECONDS);
    }

    private interface FactoryTest {
        void run(PingCheckFactory factory) throws Exception;
    }

    /**
     * A live peer (10.78.0.2, fd00:78::2) and a host; the body runs on the host with its own
     * checker runtime and factory, made inside the namespace so the sockets belong to it.
     */
    private static void onHost(NetLab lab, FactoryTest body) throws Exception {
        Netns peer = lab.node("peer", "10.78.0.2/24", "fd00:78::2/64");
        Netns host = lab.node("host", "10.78.0.1/24", "fd00:78::1/64");
        peer.execOrThrow("ip", "link", "set", "lo", "up");
        host.execOrThrow("ip", "link", "set", "lo", "up");
        host.run(() -> {
            try (NettyCheckRuntime runtime = new NettyCheckRuntime(1, 1)) {
                PingCheckFactory factory = new PingCheckFactory(runtime);
                try {
                    body.run(factory);
                } finally {
                    factory.close();
                }
            }
        });
    }

    @Test
    void echoFromALivePeerIsUpAndSilenceIsDown(NetLab lab) throws Exception {
        onHost(lab, factory -> {
            CheckResult v4 = ping(factory, "10.78.0.2");
            assertTrue(v4.up(), v4.detail());
            // IPv6 needs duplicate address detection to finish first: retry until a deadline.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            CheckResult v6 = ping(factory, "fd00:78::2");
            while (!v6.up() && System.nanoTime() < deadline) {
                v6 = ping(factory, "fd00:78::2");
            }
            assertTrue(v6.up(), v6.detail());
            CheckResult dead = ping(factory, "10.78.0.9");
            assertFalse(dead.up());
            assertTrue(dead.detail().contains("no echo reply"), dead.detail());
            CheckResult deadV6 = ping(factory, "fd00:78::9");
            assertFalse(deadV6.up());
        });
    }

    /** Fifty attempts in flight at once with one blocking thread: nobody waits on a thread for a reply. */
    @Test
    void manyPingsInFlightShareOneSocketAndNoThread(NetLab lab) throws Exception {
        onHost(lab, factory -> {
            List<CompletableFuture<CheckResult>> live = new ArrayList<>();
            List<CompletableFuture<CheckResult>> dead = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                live.add(ping(factory, "10.78.0.2", null, Duration.ofSeconds(5)));
                dead.add(ping(factory, "10.78.0.9", null, Duration.ofSeconds(3)));
            }
            // With one thread each dead ping holding it for 3 s, this would take 75 s.
            for (CompletableFuture<CheckResult> f : live) {
                CheckResult r = f.get(30, TimeUnit.SECONDS);
                assertTrue(r.up(), r.detail());
            }
            for (CompletableFuture<CheckResult> f : dead) {
                assertFalse(f.get(30, TimeUnit.SECONDS).up());
            }
        });
    }

    @Test
    void bindtoIsTheSourceOfTheEchoRequest(NetLab lab) throws Exception {
        Netns peer = lab.node("peer", "10.78.0.2/24");
        Netns host = lab.node("host", "10.78.0.1/24");
        host.execOrThrow("ip", "addr", "add", "10.78.0.3/24", "dev", "eth0");
        // the peer answers no echo request from the host's first address
        peer.execOrThrow(
                "nft",
                "add table inet kjtest; add chain inet kjtest in { type filter hook input priority 0; };"
                        + " add rule inet kjtest in ip saddr 10.78.0.1 icmp type echo-request drop");
        host.run(() -> {
            try (NettyCheckRuntime runtime = new NettyCheckRuntime(1, 1)) {
                PingCheckFactory factory = new PingCheckFactory(runtime);
                try {
                    CheckResult fromFirst = ping(factory, "10.78.0.2", null, null, Duration.ofSeconds(2))
                            .get(20, TimeUnit.SECONDS);
                    assertFalse(fromFirst.up(), fromFirst.detail());
                    CheckResult fromSecond = ping(factory, "10.78.0.2", "10.78.0.3", null, Duration.ofSeconds(2))
                            .get(20, TimeUnit.SECONDS);
                    assertTrue(fromSecond.up(), fromSecond.detail());
                    CheckResult notOurs = ping(factory, "10.78.0.2", "10.78.0.99", null, Duration.ofSeconds(2))
                            .get(20, TimeUnit.SECONDS);
                    assertFalse(notOurs.up());
                    assertTrue(notOurs.detail().contains("EADDRNOTAVAIL"), notOurs.detail());
                } finally {
                    factory.close();
                }
            }
        });
    }

    @Test
    void bindIfSendsThroughThatInterfaceOnly(NetLab lab) throws Exception {
        onHost(lab, factory -> {
            // Bound to lo, the echo for the peer never leaves: down. Unbound it is up.
            CheckResult viaLo =
                    ping(factory, "10.78.0.2", "lo", Duration.ofSeconds(2)).get(20, TimeUnit.SECONDS);
            assertFalse(viaLo.up(), viaLo.detail());
            assertTrue(ping(factory, "10.78.0.2").up());
            CheckResult noSuch =
                    ping(factory, "10.78.0.2", "nosuch0", Duration.ofSeconds(2)).get(20, TimeUnit.SECONDS);
            assertFalse(noSuch.up());
            assertTrue(noSuch.detail().contains("SO_BINDTODEVICE nosuch0"), noSuch.detail());
        });
    }
}
