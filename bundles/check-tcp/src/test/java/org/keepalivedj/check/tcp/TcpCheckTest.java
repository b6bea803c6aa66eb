package org.keepalivedj.check.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

/** TCP_CHECK against real sockets on loopback and, for the timeout, a dead address in a namespace. */
class TcpCheckTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static NettyCheckRuntime runtime;
    private static TcpCheckFactory factory;

    @BeforeAll
    static void start() {
        runtime = new NettyCheckRuntime(2, 2);
        factory = new TcpCheckFactory(runtime);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static CheckResult check(CheckerSettings settings, InetAddress ip, int port) throws Exception {
        return factory.create(
                        new SimpleCheckSpec("TCP_CHECK", Origin.NONE, settings),
                        new CheckTarget("vs", new Endpoint(ip, port)))
                .check()
                .get(10, TimeUnit.SECONDS);
    }

    private static CheckerSettings timeout(Duration t) {
        return new CheckerSettings(null, 0, null, 0, null, 0, false, false, new CheckTiming(null, null, null, t, null));
    }

    @Test
    void listeningServerIsUp() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            CheckResult r = check(CheckerSettings.NONE, LOOPBACK, server.getLocalPort());
            assertTrue(r.up(), r.detail());
        }
    }

    @Test
    void refusedIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, LOOPBACK)) {
            port = s.getLocalPort();
        }
        CheckResult r = check(CheckerSettings.NONE, LOOPBACK, port);
        assertFalse(r.up());
        assertTrue(r.detail().contains("connection refused"), r.detail());
    }

    @Test
    void connectPortAndBindPortAreHonoured() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            int sourcePort;
            try (ServerSocket free = new ServerSocket(0, 50, LOOPBACK)) {
                sourcePort = free.getLocalPort();
            }
            // The real server's port is wrong; connect_port points at the listener.
            CheckerSettings s = new CheckerSettings(
                    LOOPBACK, server.getLocalPort(), LOOPBACK, sourcePort, null, 0, false, false, CheckTiming.UNSET);
            CheckResult r = check(s, InetAddress.getByName("127.0.0.2"), 1);
            assertTrue(r.up(), r.detail());
            try (Socket accepted = server.accept()) {
                assertEquals(sourcePort, accepted.getPort());
            }
        }
    }

    @Test
    void aConnectTheServerAnswersLaterIsFinishedOffTheCallingThread() throws Exception {
        // A listener whose accept queue is full drops new SYNs: the check's connect cannot complete at
        // once, so the exchange loop must finish it when the retransmitted SYN (about 1 s later) gets in.
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            java.util.List<Socket> queued = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    queued.add(new Socket(LOOPBACK, server.getLocalPort()));
                }
                long start = System.nanoTime();
                var pending = factory.create(
                                new SimpleCheckSpec("TCP_CHECK", Origin.NONE, timeout(Duration.ofSeconds(8))),
                                new CheckTarget("vs", new Endpoint(LOOPBACK, server.getLocalPort())))
                        .check();
                assertFalse(pending.isDone(), "the SYN was dropped, the connect must still be waiting");
                for (int i = 0; i < 2; i++) {
                    server.accept().close();
                }
                CheckResult r = pending.get(10, TimeUnit.SECONDS);
                assertTrue(r.up(), r.detail());
                assertTrue(
                        System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(500),
                        "up only after the SYN retransmit");
            } finally {
                for (Socket q : queued) {
                    q.close();
                }
            }
        }
    }

    @Test
    @RequiresRoot
    @ExtendWith(NetLabExtension.class)
    void silentServerTimesOut(NetLab lab) throws Exception {
        Netns client = lab.node("client", "10.77.0.1/24");
        // 10.77.0.9 does not exist: the SYN gets no answer (ARP fails), so the connect_timeout fires.
        CheckerSettings s = timeout(Duration.ofMillis(300));
        long start = System.nanoTime();
        CheckResult r = client.call(() -> factory.create(
                                new SimpleCheckSpec("TCP_CHECK", Origin.NONE, s),
                                new CheckTarget("vs", new Endpoint(InetAddress.getByName("10.77.0.9"), 80)))
                        .check())
                .get(10, TimeUnit.SECONDS);
        assertFalse(r.up());
        assertTrue(r.detail().contains("timed out"), r.detail());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "took too long for a 300 ms timeout");
    }

    @Test
    @RequiresRoot
    @ExtendWith(NetLabExtension.class)
    void bindIfAndFwmarkReachTheSocket(NetLab lab) throws Exception {
        Netns server = lab.node("server", "10.79.0.2/24");
        Netns client = lab.node("client", "10.79.0.1/24");
        // Marked packets find no route: fwmark 7 looks up table 100, where the subnet is unreachable.
        client.execOrThrow("ip", "route", "add", "unreachable", "10.79.0.0/24", "table", "100");
        client.execOrThrow("ip", "rule", "add", "fwmark", "7", "table", "100");
        try (ServerSocket listening =
                server.call(() -> new ServerSocket(8080, 50, InetAddress.getByName("10.79.0.2")))) {
            InetAddress ip = InetAddress.getByName("10.79.0.2");
            assertTrue(client.call(() -> checkFuture(settings(null, 0), ip))
                    .get(10, TimeUnit.SECONDS)
                    .up());
            assertTrue(client.call(() -> checkFuture(settings(NetLab.NODE_INTERFACE, 0), ip))
                    .get(10, TimeUnit.SECONDS)
                    .up());
            CheckResult viaLo =
                    client.call(() -> checkFuture(settings("lo", 0), ip)).get(10, TimeUnit.SECONDS);
            assertFalse(viaLo.up(), "bound to lo, the SYN cannot reach 10.79.0.2: " + viaLo.detail());
            CheckResult marked =
                    client.call(() -> checkFuture(settings(null, 7), ip)).get(10, TimeUnit.SECONDS);
            assertFalse(marked.up(), "fwmark 7 routes to an unreachable route: " + marked.detail());
        }
    }

    private static CheckerSettings settings(String bindIf, int fwmark) {
        return new CheckerSettings(
                null,
                0,
                null,
                0,
                bindIf,
                fwmark,
                false,
                false,
                new CheckTiming(null, null, null, Duration.ofMillis(3000), null));
    }

    private static java.util.concurrent.CompletableFuture<CheckResult> checkFuture(CheckerSettings s, InetAddress ip) {
        return factory.create(
                        new SimpleCheckSpec("TCP_CHECK", Origin.NONE, s), new CheckTarget("vs", new Endpoint(ip, 8080)))
                .check();
    }
}
