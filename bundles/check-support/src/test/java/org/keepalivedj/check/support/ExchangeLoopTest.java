package org.keepalivedj.check.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.netlink.TcpProbe;

/**
 * The lean paths of HTTP_GET and TCP_CHECK below the protocol: one request and its answer, or a connect
 * alone, over a raw socket kept between attempts, against real loopback servers (IPv4 and IPv6) that
 * refuse, stall (a full accept queue), answer in pieces, close early or see the connection reset.
 */
class ExchangeLoopTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final byte[] REQUEST = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Sends {@link #REQUEST}; up once expected bytes arrived (-1: only at the close), with the text. */
    private static final class Collect implements ExchangeLoop.Exchange {
        final int expected;
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final AtomicInteger pieces = new AtomicInteger();
        final CountDownLatch firstPiece = new CountDownLatch(1);

        Collect(int expected) {
            this.expected = expected;
        }

        @Override
        public ByteBuffer request() {
            return ByteBuffer.wrap(REQUEST).asReadOnlyBuffer();
        }

        @Override
        public CheckResult received(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            got.writeBytes(b);
            pieces.incrementAndGet();
            firstPiece.countDown();
            return expected >= 0 && got.size() >= expected ? CheckResult.up("got " + got.size()) : null;
        }

        @Override
        public CheckResult closed() {
            return CheckResult.down("closed after " + got.size() + " bytes");
        }
    }

    /** A loopback server that handles its connections one after another on its own thread. */
    private static final class Server implements AutoCloseable {
        interface Handler {
            void serve(Socket s) throws Exception;
        }

        final ServerSocket socket;
        final Thread thread;
        final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

        Server(InetAddress address, Handler handler) throws IOException {
            socket = new ServerSocket(0, 50, address);
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        handler.serve(s);
                        outcomes.add(s.getInetAddress());
                    } catch (Exception e) {
                        if (!socket.isClosed()) {
                            outcomes.add(e);
                        }
                    }
                }
            });
            thread.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
        }

        /** What the next connection came to: the client's address, or what the handler threw. */
        Object nextOutcome() throws InterruptedException {
            Object o = outcomes.poll(5, TimeUnit.SECONDS);
            assertTrue(o != null, "the server saw a connection");
            return o;
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5000);
        }
    }

    private static byte[] readRequest(Socket s) throws IOException {
        return s.getInputStream().readNBytes(REQUEST.length);
    }

    private static void answer(Socket s, byte[] answer) throws IOException {
        assertArrayEquals(REQUEST, readRequest(s));
        OutputStream out = s.getOutputStream();
        out.write(answer);
        out.flush();
    }

    /** The client ends every exchange with an RST, as a close with SO_LINGER 0 does. */
    private static void assertReset(Object serverOutcome) {
        assertTrue(
                serverOutcome instanceof SocketException e && e.getMessage().contains("reset"),
                "the server saw a reset: " + serverOutcome);
    }

    @Test
    void anAnswerOverIpv4AndIpv6AndTheSocketIsKeptForTheNextAttempt() throws Exception {
        byte[] pong = "PONG".getBytes(StandardCharsets.US_ASCII);
        for (InetAddress address :
                new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")}) {
            try (ExchangeLoop loop = new ExchangeLoop("test-exchange");
                    Server server = new Server(address, s -> {
                        answer(s, pong);
                        s.getInputStream().read(); // until the client ends the connection
                    });
                    ProbeSocket socket = new ProbeSocket(server.address(), null)) {
                int fd = -1;
                for (int i = 0; i < 3; i++) {
                    Collect c = new Collect(pong.length);
                    CheckResult r = loop.start(socket, 2000 * MS, c).get(5, TimeUnit.SECONDS);
                    assertTrue(r.up(), r.detail());
                    assertEquals("PONG", c.got.toString(StandardCharsets.US_ASCII));
                    assertReset(server.nextOutcome());
                    TcpProbe kept = socket.take();
                    if (i > 0) {
                        assertEquals(fd, kept.fd(), "the same socket, reset, for each attempt");
                    }
                    fd = kept.fd();
                    socket.release(kept);
                }
            }
        }
    }

    @Test
    void aConnectOnlyExchangeSendsNothingAndEndsOnTheCallersThreadWhenTheConnectIsImmediate() throws Exception {
        CheckResult connected = CheckResult.up("connected");
        try (ExchangeLoop loop = new ExchangeLoop("test-exchange");
                Server server = new Server(InetAddress.getLoopbackAddress(), s -> {
                    int b = s.getInputStream().read();
                    throw new IOException("read " + b + " without a reset");
                });
                ProbeSocket socket = new ProbeSocket(server.address(), null)) {
            CompletableFuture<CheckResult> r =
                    loop.start(socket, 2000 * MS, ExchangeLoop.Exchange.connectOnly(connected));
            assertTrue(r.isDone(), "a loopback connect completes at once, on this thread");
            assertEquals(connected, r.get(), "the verdict given, as is");
            assertReset(server.nextOutcome()); // nothing was sent before the reset
        }
    }

    @Test
    void connectOnlyAttemptsThatStayUnderWayTimeOutEachAtItsOwnDeadline() throws Exception {
        try (FullBacklog server = new FullBacklog();
                ExchangeLoop loop = new ExchangeLoop("test-exchange")) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            List<ProbeSocket> sockets = new ArrayList<>();
            List<Long> finishedAt = new CopyOnWriteArrayList<>();
            List<CompletableFuture<CheckResult>> results = new ArrayList<>();
            ExchangeLoop.Exchange connectOnly = ExchangeLoop.Exchange.connectOnly(CheckResult.up("connected"));
            long start = System.nanoTime();
            // 40 attempts, timeouts 100..880 ms, started out of order
            for (int i = 0; i < 40; i++) {
                int timeoutMs = 100 + ((i * 7) % 40) * 20;
                ProbeSocket socket = new ProbeSocket(to, null);
                sockets.add(socket);
                CompletableFuture<CheckResult> r = loop.start(socket, timeoutMs * MS, connectOnly);
                results.add(r);
                r.thenRun(() -> finishedAt.add(System.nanoTime() - start));
            }
            for (int i = 0; i < 40; i++) {
                int timeoutMs = 100 + ((i * 7) % 40) * 20;
                CheckResult r = results.get(i).get(5, TimeUnit.SECONDS);
                assertEquals("timed out after " + timeoutMs + " ms", r.detail());
            }
            long[] times = finishedAt.stream().mapToLong(Long::longValue).toArray();
            for (int i = 1; i < times.length; i++) {
                assertTrue(times[i] >= times[i - 1], "completed in deadline order");
            }
            assertTrue(times[0] >= 100 * MS, "the first not before its 100 ms");
            assertTrue(times[times.length - 1] < 880 * MS + 500 * MS, "the last within 500 ms of its 880 ms deadline");
            for (ProbeSocket socket : sockets) {
                TcpProbe kept = socket.take();
                assertTrue(kept.fd() >= 0, "each socket handed back, open, to be used again");
                kept.close();
                socket.close();
            }
        }
    }

    @Test
    void aConnectOnlyAttemptThatConnectsLaterIsItsVerdictAndKeepsTheSocket() throws Exception {
        CheckResult connected = CheckResult.up("connected");
        try (FullBacklog server = new FullBacklog();
                ExchangeLoop loop = new ExchangeLoop("test-exchange");
                ProbeSocket socket =
                        new ProbeSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), null)) {
            CompletableFuture<CheckResult> r =
                    loop.start(socket, 5000 * MS, ExchangeLoop.Exchange.connectOnly(connected));
            assertFalse(r.isDone(), "the full accept queue keeps the connect under way");
            server.drain(); // the SYN retransmitted about 1 s later gets in
            assertEquals(connected, r.get(5, TimeUnit.SECONDS));
            TcpProbe kept = socket.take();
            assertTrue(kept.fd() >= 0, "handed back reset, open");
            assertEquals(TcpProbe.State.CONNECTED, kept.start(), "and it connects again");
            kept.close();
        }
    }

    @Test
    void aRefusedConnectIsDown() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = new InetSocketAddress(s.getInetAddress(), s.getLocalPort());
        }
        try (ExchangeLoop loop = new ExchangeLoop("test-exchange");
                ProbeSocket socket = new ProbeSocket(closed, null)) {
            CheckResult r = loop.start(socket, 2000 * MS, new Collect(1)).get(5, TimeUnit.SECONDS);
            assertFalse(r.up());
            assertEquals("connect to 127.0.0.1:" + closed.getPort() + " failed: connection refused", r.detail());
        }
    }

    @Test
    void aConnectThatStaysUnderWayTimesOutFromItsStart() throws Exception {
        try (FullBacklog server = new FullBacklog();
                ExchangeLoop loop = new ExchangeLoop("test-exchange");
                ProbeSocket socket =
                        new ProbeSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), null)) {
            long start = System.nanoTime();
            CheckResult r = loop.start(socket, 300 * MS, new Collect(1)).get(5, TimeUnit.SECONDS);
            long took = System.nanoTime() - start;
            assertFalse(r.up());
            assertEquals("timed out after 300 ms", r.detail());
            assertTrue(took >= 300 * MS && took < 1000 * MS, "timed out at its deadline: " + took / MS + " ms");
        }
    }

    @Test
    void aLaterAttemptWithAnEarlierDeadlineWakesTheLoop() throws Exception {
        try (FullBacklog server = new FullBacklog();
                ExchangeLoop loop = new ExchangeLoop("test-exchange")) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            try (ProbeSocket slow = new ProbeSocket(to, null);
                    ProbeSocket quick = new ProbeSocket(to, null)) {
                CompletableFuture<CheckResult> first = loop.start(slow, 5000 * MS, new Collect(1));
                Thread.sleep(50); // the loop is asleep until its 1 s wake-up
                long start = System.nanoTime();
                CheckResult r = loop.start(quick, 100 * MS, new Collect(1)).get(5, TimeUnit.SECONDS);
                long took = System.nanoTime() - start;
                assertEquals("timed out after 100 ms", r.detail());
                assertTrue(took < 500 * MS, "woken for the earlier deadline, not at its own wake-up: " + took / MS);
                assertFalse(first.isDone(), "the first attempt waits on");
                first.cancel(false);
            }
        }
    }

    @Test
    void aPeerThatClosesBeforeAnsweringIsTheExchangesVerdictOnTheClose() throws Exception {
        try (ExchangeLoop loop = new ExchangeLoop("test-exchange");
                Server server = new Server(InetAddress.getLoopbackAddress(), s -> answer(s, "PO".getBytes()));
                ProbeSocket socket = new ProbeSocket(server.address(), null)) {
            Collect c = new Collect(4);
            CheckResult r = loop.start(socket, 2000 * MS, c).get(5, TimeUnit.SECONDS);
            assertFalse(r.up());
            assertEquals("closed after 2 bytes", r.detail());
            assertTrue(server.nextOutcome() instanceof InetAddress);
        }
    }

    @Test
    void anAnswerInPiecesIsGatheredWhole() throws Exception {
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        AtomicInteger piecesSeen = new AtomicInteger();
        Collect[] current = new Collect[1];
        try (ExchangeLoop loop = new ExchangeLoop("test-exchange");
                Server server = new Server(InetAddress.getLoopbackAddress(), s -> {
                    answer(s, new byte[] {big[0]});
                    // the rest only once the client has taken the first byte: two receives at least
                    assertTrue(current[0].firstPiece.await(5, TimeUnit.SECONDS));
                    for (int i = 1; i < big.length; i += 70_000) {
                        s.getOutputStream().write(big, i, Math.min(70_000, big.length - i));
                        s.getOutputStream().flush();
                    }
                    piecesSeen.incrementAndGet();
                });
                ProbeSocket socket = new ProbeSocket(server.address(), null)) {
            current[0] = new Collect(-1); // to the close
            CheckResult r = loop.start(socket, 5000 * MS, current[0]).get(10, TimeUnit.SECONDS);
            assertEquals("closed after " + big.length + " bytes", r.detail());
            assertArrayEquals(big, current[0].got.toByteArray());
            assertTrue(current[0].pieces.get() >= 2, "received in pieces");
            assertTrue(server.nextOutcome() instanceof InetAddress);
        }
    }

    @Test
    void cancellingTheResultResetsTheConnectionAndKeepsTheSocket() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        try (ExchangeLoop loop = new ExchangeLoop("test-exchange");
                Server server = new Server(InetAddress.getLoopbackAddress(), s -> {
                    readRequest(s);
                    requested.countDown();
                    InputStream in = s.getInputStream();
                    in.read(); // no answer: waits for the client to end the connection
                });
                ProbeSocket socket = new ProbeSocket(server.address(), null)) {
            CompletableFuture<CheckResult> r = loop.start(socket, 5000 * MS, new Collect(1));
            assertTrue(requested.await(5, TimeUnit.SECONDS));
            r.cancel(false);
            assertThrows(CancellationException.class, r::join);
            Object outcome = server.nextOutcome();
            assertTrue(
                    outcome instanceof SocketException
                            && ((SocketException) outcome).getMessage().contains("reset"),
                    "the server saw a reset, well before the 5 s timeout: " + outcome);
            // handed back: a new attempt gets the same socket
            long deadline = System.nanoTime() + 5000 * MS;
            TcpProbe kept;
            while ((kept = socket.take()).fd() < 0 && System.nanoTime() < deadline) {
                kept.close();
                Thread.onSpinWait();
            }
            assertTrue(kept.fd() >= 0, "the cancelled attempt's socket was handed back");
            kept.close();
        }
    }

    @Test
    void theSourceAddressIsBound() throws Exception {
        try (ExchangeLoop loop = new ExchangeLoop("test-exchange");
                Server server = new Server(InetAddress.getByName("127.0.0.1"), s -> answer(s, "PONG".getBytes()));
                ProbeSocket socket = new ProbeSocket(
                        server.address(), new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0))) {
            CheckResult r = loop.start(socket, 2000 * MS, new Collect(4)).get(5, TimeUnit.SECONDS);
            assertTrue(r.up(), r.detail());
            assertEquals(InetAddress.getByName("127.0.0.2"), server.nextOutcome());
        }
    }

    @Test
    void closingTheLoopEndsWhatIsInFlight() throws Exception {
        try (FullBacklog server = new FullBacklog();
                ProbeSocket socket =
                        new ProbeSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), null)) {
            ExchangeLoop loop = new ExchangeLoop("test-exchange");
            CompletableFuture<CheckResult> r = loop.start(socket, 5000 * MS, new Collect(1));
            loop.close();
            assertEquals("checker runtime stopped", r.get(5, TimeUnit.SECONDS).detail());
            assertEquals(
                    "checker runtime stopped",
                    loop.start(socket, 5000 * MS, new Collect(1))
                            .get(5, TimeUnit.SECONDS)
                            .detail());
        }
    }
}
