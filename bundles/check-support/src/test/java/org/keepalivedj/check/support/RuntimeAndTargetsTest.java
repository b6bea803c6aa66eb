package org.keepalivedj.check.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;

/** The shared runtime's limits and transport, where a check connects, and the checker factory base. */
class RuntimeAndTargetsTest {

    @Test
    void blockingWorkBeyondThePoolAndItsQueueIsRefusedNotPiledUp() throws Exception {
        try (NettyCheckRuntime runtime = new NettyCheckRuntime(1, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(1);
            runtime.blockingPool().execute(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(running.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 64; i++) {
                runtime.blockingPool().execute(() -> {}); // 64 per thread may wait
            }
            assertThrows(
                    RejectedExecutionException.class,
                    () -> runtime.blockingPool().execute(() -> {}));
            release.countDown();
        }
    }

    @Test
    void thisMachineGetsEpollAndStoppingStopsTheLoops() {
        NettyCheckRuntime runtime = new NettyCheckRuntime(2, 1);
        // fwmark, bind_if and UDP's ICMP errors need the native transport; the product runs on Linux x86_64.
        assertTrue(runtime.nativeTransport());
        assertEquals(EpollSocketChannel.class, runtime.socketChannelType());
        runtime.close();
        assertTrue(runtime.eventLoops().isShutdown());
        assertTrue(runtime.blockingPool().isShutdown());
    }

    @Test
    void aCheckGoesToConnectIpAndPortElseToTheRealServer() throws Exception {
        InetAddress rs = InetAddress.getByName("10.0.0.2");
        InetAddress other = InetAddress.getByName("10.0.0.9");
        CheckTarget target = new CheckTarget("vs", new Endpoint(rs, 80));
        assertEquals(new InetSocketAddress(rs, 80), Targets.destination(CheckerSettings.NONE, target));
        assertEquals(
                new InetSocketAddress(other, 8080), Targets.destination(settings(other, 8080, null, 0, null), target));
        assertEquals(new InetSocketAddress(rs, 8080), Targets.destination(settings(null, 8080, null, 0, null), target));

        assertNull(Targets.source(CheckerSettings.NONE), "the kernel picks");
        assertEquals(new InetSocketAddress(4000), Targets.source(settings(null, 0, null, 4000, null)));
        assertEquals(new InetSocketAddress(other, 0), Targets.source(settings(null, 0, other, 0, null)));

        assertEquals(Duration.ofSeconds(5), Targets.timeout(CheckerSettings.NONE), "keepalived's default");
        assertEquals(Duration.ofMillis(1500), Targets.timeout(settings(null, 0, null, 0, Duration.ofMillis(1500))));
    }

    private static CheckerSettings settings(
            InetAddress ip, int port, InetAddress bindTo, int bindPort, Duration timeout) {
        return new CheckerSettings(
                ip, port, bindTo, bindPort, null, 0, false, false, new CheckTiming(null, null, null, timeout, null));
    }

    @Test
    void aCheckerFactoryDeclaresItsKeywordsOnceAndBindsWithItsBinder() {
        record Spec(String kind, Origin origin, CheckerSettings settings) implements CheckerSpec {}
        class Echo extends CheckerFactory {
            Echo() {
                super(
                        null,
                        (block, sink) -> new Spec(block.name(), Origin.at(block.location()), CheckerSettings.NONE),
                        "ECHO_CHECK",
                        "ECHO6_CHECK");
            }

            @Override
            public HealthChecker create(CheckerSpec spec, CheckTarget target) {
                throw new UnsupportedOperationException();
            }
        }
        Echo echo = new Echo();
        assertEquals(Set.of("ECHO_CHECK", "ECHO6_CHECK"), echo.keywords());
        Location at = new Location("k.conf", 7, 9);
        CheckerSpec spec = echo.bind(
                new ConfigNode(new Token("ECHO6_CHECK", at, false), java.util.List.of(), java.util.List.of(), true),
                null);
        assertEquals("ECHO6_CHECK", spec.kind());
        assertEquals(at, spec.origin().location());
        assertThrows(IllegalArgumentException.class, () -> new CheckerFactory(null, (b, s) -> null) {
            @Override
            public HealthChecker create(CheckerSpec spec, CheckTarget target) {
                return null;
            }
        });
    }
}
