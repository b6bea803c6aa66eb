package org.keepalivedj.check.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;

/**
 * One attempt over a Netty channel (what HTTP, SMTP, Redis and the fwmark/bind_if TCP checks use),
 * against real loopback servers: it completes exactly once, connect_timeout bounds the whole
 * attempt, and whichever way it ends the connection is closed.
 */
class ChannelAttemptTest {
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

    private static CheckerSettings timeout(Duration t) {
        return new CheckerSettings(null, 0, null, 0, null, 0, false, false, new CheckTiming(null, null, null, t, null));
    }

    private static CompletableFuture<CheckResult> attempt(
            ServerSocket server, CheckerSettings settings, Function<ChannelAttempt, ChannelHandler[]> handlers) {
        return ChannelAttempt.tcp(
                runtime, settings, new CheckTarget("vs", new Endpoint(LOOPBACK, server.getLocalPort())), handlers);
    }

    /** Sends PING when connected and finishes with what the first read says. */
    private static ChannelHandler[] ping(ChannelAttempt attempt) {
        return new ChannelHandler[] {
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    ctx.writeAndFlush(Unpooled.copiedBuffer("PING\n", StandardCharsets.US_ASCII));
                    ctx.fireChannelActive();
                }

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf b = (ByteBuf) msg;
                    String reply = b.toString(StandardCharsets.US_ASCII).strip();
                    b.release();
                    attempt.finish(
                            reply.equals("PONG") ? CheckResult.up(reply) : CheckResult.down("answered " + reply));
                }
            }
        };
    }

    /** Waits until the server's side of the connection ends (EOF or reset): the check closed it. */
    private static void assertClosedByTheCheck(Socket accepted) throws IOException {
        accepted.setSoTimeout(3000);
        InputStream in = accepted.getInputStream();
        try {
            while (in.read() >= 0) {
                // the request, then the end
            }
        } catch (SocketException reset) {
            assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
        }
    }

    @Test
    void theProtocolHandlerDecidesAndTheConnectionIsClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            CompletableFuture<CheckResult> r =
                    attempt(server, timeout(Duration.ofSeconds(5)), ChannelAttemptTest::ping);
            try (Socket accepted = server.accept()) {
                byte[] request = accepted.getInputStream().readNBytes(5);
                assertEquals("PING\n", new String(request, StandardCharsets.US_ASCII));
                accepted.getOutputStream().write("PONG\n".getBytes(StandardCharsets.US_ASCII));
                CheckResult result = r.get(5, TimeUnit.SECONDS);
                assertTrue(result.up(), result.detail());
                assertClosedByTheCheck(accepted);
            }
        }
    }

    @Test
    void connectTimeoutBoundsTheWholeAttemptNotJustTheConnect() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            long start = System.nanoTime();
            CompletableFuture<CheckResult> r =
                    attempt(server, timeout(Duration.ofMillis(400)), ChannelAttemptTest::ping);
            // the server accepts nothing and never answers: the attempt connects (the kernel completes
            // the handshake) and then hears silence
            CheckResult result = r.get(5, TimeUnit.SECONDS);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(result.up());
            assertEquals("timed out after 400 ms", result.detail());
            assertTrue(took >= 390 && took < 2000, took + " ms");
            server.setSoTimeout(200);
            try (Socket accepted = server.accept()) {
                assertClosedByTheCheck(accepted);
            } catch (SocketTimeoutException notConnected) {
                // a starved event loop reached the deadline before the connect: nothing to close
            }
        }
    }

    @Test
    void aServerThatHangsUpIsDown() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            CompletableFuture<CheckResult> r =
                    attempt(server, timeout(Duration.ofSeconds(5)), ChannelAttemptTest::ping);
            server.accept().close();
            CheckResult result = r.get(5, TimeUnit.SECONDS);
            assertFalse(result.up());
            assertTrue(
                    result.detail().equals("connection closed by the server")
                            || result.detail().contains("reset"),
                    result.detail());
        }
    }

    @Test
    void silenceCanBeSuccess() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            CompletableFuture<CheckResult> r = attempt(server, timeout(Duration.ofMillis(200)), attempt -> {
                attempt.onTimeout(CheckResult.up("no answer is the expected answer"));
                return new ChannelHandler[0];
            });
            try (Socket accepted = server.accept()) {
                CheckResult result = r.get(5, TimeUnit.SECONDS);
                assertTrue(result.up(), result.detail());
                assertEquals("no answer is the expected answer", result.detail());
            }
        }
    }

    @Test
    void anAttemptTheEngineCancelsClosesItsConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            CompletableFuture<CheckResult> r =
                    attempt(server, timeout(Duration.ofSeconds(30)), ChannelAttemptTest::ping);
            try (Socket accepted = server.accept()) {
                accepted.getInputStream().readNBytes(5); // the attempt is under way
                assertTrue(r.cancel(false));
                assertClosedByTheCheck(accepted);
            }
        }
    }

    @Test
    void connectOnlyRefusedAndBoundSource() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 50, LOOPBACK)) {
            closedPort = s.getLocalPort();
        }
        CheckResult refused = ChannelAttempt.tcp(
                        runtime,
                        timeout(Duration.ofSeconds(5)),
                        new CheckTarget("vs", new Endpoint(LOOPBACK, closedPort)),
                        null)
                .get(5, TimeUnit.SECONDS);
        assertEquals("connect to 127.0.0.1:" + closedPort + " failed: connection refused", refused.detail());

        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
                ServerSocket free = new ServerSocket(0, 50, LOOPBACK)) {
            int source = free.getLocalPort();
            free.close();
            // connect_port points at the listener (the real server's port 1 is wrong); bind_port sets the source.
            CheckerSettings s = new CheckerSettings(
                    LOOPBACK, server.getLocalPort(), LOOPBACK, source, null, 0, false, false, CheckTiming.UNSET);
            CheckResult up = ChannelAttempt.tcp(runtime, s, new CheckTarget("vs", new Endpoint(LOOPBACK, 1)), null)
                    .get(5, TimeUnit.SECONDS);
            assertEquals("connected to 127.0.0.1:" + server.getLocalPort(), up.detail());
            try (Socket accepted = server.accept()) {
                assertEquals(source, accepted.getPort());
            }
        }
    }

    @Test
    void failuresAreSaidInAnOperatorsWords() {
        assertEquals("connection refused", ChannelAttempt.describe(new ConnectException("Connection refused")));
        assertEquals(
                "connection refused",
                ChannelAttempt.describe(
                        new ConnectException("finishConnect(..) failed: Connection refused: /127.0.0.1:1")));
        assertEquals(
                "connection timed out", ChannelAttempt.describe(new io.netty.channel.ConnectTimeoutException("x")));
        assertEquals("ICMP port unreachable", ChannelAttempt.describe(new java.net.PortUnreachableException("x")));
        assertEquals("no route to host", ChannelAttempt.describe(new java.net.NoRouteToHostException("x")));
        assertEquals("connection closed", ChannelAttempt.describe(new java.nio.channels.ClosedChannelException()));
        assertEquals("IllegalStateException", ChannelAttempt.describe(new IllegalStateException()));
    }
}
