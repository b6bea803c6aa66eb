package org.keepalivedj.check.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;

/**
 * TCP_CHECK's lean path: one socket per checker kept between attempts, each attempt a handshake the
 * server sees ended by a reset, timeouts through the exchange loop, and the socket gone with the
 * checker. Against real loopback listeners.
 */
class TcpConnectorTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static NettyCheckRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = new NettyCheckRuntime(2, 2);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static TcpConnector connector(int port, Duration timeout) {
        return new TcpConnector(
                runtime,
                new CheckerSettings(
                        null, 0, null, 0, null, 0, false, false, new CheckTiming(null, null, null, timeout, null)),
                new CheckTarget("vs", new Endpoint(LOOPBACK, port)));
    }

    private static long openSockets() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                        } catch (Exception gone) {
                            return false;
                        }
                    })
                    .count();
        }
    }

    @Test
    void everyAttemptReusesTheCheckersOneSocketAndEndsWithAReset() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 200, LOOPBACK)) {
            server.setSoTimeout(5000);
            TcpConnector checker = connector(server.getLocalPort(), Duration.ofSeconds(5));
            long before = openSockets();
            for (int i = 0; i < 100; i++) {
                CheckResult r = checker.check().get(5, TimeUnit.SECONDS);
                assertTrue(r.up(), r.detail());
                try (Socket accepted = server.accept()) {
                    // The server sees the handshake and then a reset, as from a close with SO_LINGER 0.
                    SocketException reset = org.junit.jupiter.api.Assertions.assertThrows(
                            SocketException.class,
                            () -> accepted.getInputStream().read());
                    assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
                }
            }
            // (The source port changes: the reset gives the port back; the socket itself is kept.)
            assertTrue(openSockets() - before <= 1, "the checker holds one socket, not one per attempt");
            checker.close();
            assertTrue(openSockets() - before <= 0, "closing the checker closes its socket");
        }
    }

    @Test
    void aPendingConnectTimesOutAndTheSocketIsUsedAgain() throws Exception {
        try (FullBacklog server = new FullBacklog()) {
            TcpConnector checker = connector(server.port(), Duration.ofMillis(300));
            long start = System.nanoTime();
            CheckResult timedOut = checker.check().get(5, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(timedOut.up());
            assertEquals("timed out after 300 ms", timedOut.detail());
            assertTrue(took >= 290 && took < 1500, took + " ms");

            server.drain();
            CheckResult up = checker.check().get(5, TimeUnit.SECONDS);
            assertTrue(up.up(), "the socket the loop handed back connects: " + up.detail());
            checker.close();
        }
    }

    @Test
    void refusedIsDownAndTheNextAttemptStillWorks() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, LOOPBACK)) {
            port = s.getLocalPort();
        }
        TcpConnector checker = connector(port, Duration.ofSeconds(5));
        CheckResult refused = checker.check().get(5, TimeUnit.SECONDS);
        assertEquals("connect to 127.0.0.1:" + port + " failed: connection refused", refused.detail());
        try (ServerSocket server = new ServerSocket(port, 50, LOOPBACK)) {
            CheckResult up = checker.check().get(5, TimeUnit.SECONDS);
            assertTrue(up.up(), "the server came back: " + up.detail());
        }
        checker.close();
    }

    @Test
    void overlappingAttemptsEachGetASocket() throws Exception {
        try (FullBacklog server = new FullBacklog()) {
            TcpConnector checker = connector(server.port(), Duration.ofMillis(2000));
            var first = checker.check();
            var second = checker.check(); // the first still holds the kept socket
            assertFalse(first.isDone());
            assertFalse(second.isDone());
            server.drain();
            assertTrue(first.get(5, TimeUnit.SECONDS).up());
            assertTrue(second.get(5, TimeUnit.SECONDS).up());
            checker.close();
        }
    }
}
