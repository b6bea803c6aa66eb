package org.keepalivedj.check.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.checkers.HttpCheckSpec;

/** HTTP_GET against a real HTTP server on loopback (the JDK's), and raw sockets for the odd cases. */
class HttpCheckTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static NettyCheckRuntime runtime;
    private static HttpCheckFactory factory;
    private static HttpServer server;
    private static volatile String lastHost;

    @BeforeAll
    static void start() throws Exception {
        runtime = new NettyCheckRuntime(2, 2);
        factory = new HttpCheckFactory(runtime);
        server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
        server.createContext("/", ex -> {
            lastHost = ex.getRequestHeaders().getFirst("Host");
            String path = ex.getRequestURI().getPath();
            int status = path.startsWith("/status/") ? Integer.parseInt(path.substring(8)) : 200;
            byte[] body = ("hello from " + path).getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        runtime.close();
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.US_ASCII)));
    }

    static HttpCheckSpec.Url url(String path, String digest, List<String> codes, String regex, boolean noMatch) {
        return new HttpCheckSpec.Url(Origin.NONE, path, digest, codes, null, regex, noMatch, List.of(), 0, null, false);
    }

    static HttpCheckSpec spec(String protocol, String vhost, long timeoutMs, HttpCheckSpec.Url... urls) {
        CheckerSettings s = new CheckerSettings(
                null,
                0,
                null,
                0,
                null,
                0,
                false,
                false,
                new CheckTiming(null, null, null, Duration.ofMillis(timeoutMs), null));
        return new HttpCheckSpec("HTTP_GET", Origin.NONE, s, vhost, protocol, false, null, false, false, List.of(urls));
    }

    private static CheckResult check(HttpCheckSpec spec, int port) throws Exception {
        return factory.create(spec, new CheckTarget("vs", new Endpoint(LOOPBACK, port)))
                .check()
                .get(30, TimeUnit.SECONDS);
    }

    private static int port() {
        return server.getAddress().getPort();
    }

    @Test
    void statusAndDigestMatch() throws Exception {
        CheckResult r =
                check(spec(null, null, 10_000, url("/a", md5("hello from /a"), List.of(), null, false)), port());
        assertTrue(r.up(), r.detail());
    }

    @Test
    void everyUrlMustPass() throws Exception {
        CheckResult r = check(
                spec(
                        "1.1",
                        null,
                        10_000,
                        url("/a", null, List.of(), null, false),
                        url("/status/500", null, List.of(), null, false)),
                port());
        assertFalse(r.up());
        assertEquals("/status/500: HTTP status 500", r.detail());
    }

    @Test
    void wrongDigestIsDown() throws Exception {
        CheckResult r =
                check(spec(null, null, 10_000, url("/a", md5("something else"), List.of(), null, false)), port());
        assertFalse(r.up());
        assertTrue(r.detail().contains("digest mismatch") && r.detail().contains(md5("hello from /a")), r.detail());
    }

    @Test
    void statusCodeListsAndRanges() throws Exception {
        assertTrue(check(
                        spec(null, null, 10_000, url("/status/503", null, List.of("200", "500-503"), null, false)),
                        port())
                .up());
        CheckResult r = check(
                spec(null, null, 10_000, url("/status/404", null, List.of("200", "500-503"), null, false)), port());
        assertFalse(r.up());
        assertTrue(r.detail().contains("HTTP status 404"), r.detail());
    }

    @Test
    void regexAndRegexNoMatch() throws Exception {
        assertTrue(check(spec(null, null, 10_000, url("/a", null, List.of(), "hel+o", false)), port())
                .up());
        assertFalse(check(spec(null, null, 10_000, url("/a", null, List.of(), "goodbye", false)), port())
                .up());
        assertTrue(check(spec(null, null, 10_000, url("/a", null, List.of(), "goodbye", true)), port())
                .up());
        CheckResult r = check(spec(null, null, 10_000, url("/a", null, List.of(), "hello", true)), port());
        assertFalse(r.up());
        assertTrue(r.detail().contains("regex_no_match"), r.detail());
    }

    @Test
    void virtualhostIsTheHostHeader() throws Exception {
        assertTrue(check(spec("1.1", "www.example.test", 10_000, url("/a", null, List.of(), null, false)), port())
                .up());
        assertEquals("www.example.test", lastHost);
        assertTrue(check(spec("1.1", null, 10_000, url("/a", null, List.of(), null, false)), port())
                .up());
        assertEquals("127.0.0.1:" + port(), lastHost);
    }

    @Test
    void refusedIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        CheckResult r = check(spec(null, null, 10_000, url("/", null, List.of(), null, false)), port);
        assertFalse(r.up());
        assertTrue(r.detail().contains("connection refused"), r.detail());
    }

    @Test
    void silentServerTimesOutAndHttpProtocolIsSent() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, LOOPBACK)) {
            CompletableFuture<CheckResult> f = factory.create(
                            spec("1.0C", null, 300, url("/x", null, List.of(), null, false)),
                            new CheckTarget("vs", new Endpoint(LOOPBACK, silent.getLocalPort())))
                    .check();
            try (Socket s = silent.accept()) {
                s.setSoTimeout(5000);
                byte[] head = new byte[512];
                int n = s.getInputStream().read(head);
                String request = new String(head, 0, n, StandardCharsets.US_ASCII);
                assertTrue(request.startsWith("GET /x HTTP/1.0\r\n"), request);
                assertTrue(request.toLowerCase().contains("connection: close"), request);
                CheckResult r = f.get(5, TimeUnit.SECONDS);
                assertFalse(r.up());
                assertTrue(r.detail().contains("timed out"), r.detail());
                assertTrue(closedByPeer(s.getInputStream()), "the checker closes its connection after the timeout");
            }
        }
    }

    @Test
    void cancellingAnAttemptClosesItsConnection() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, LOOPBACK)) {
            CompletableFuture<CheckResult> f = factory.create(
                            spec("1.1", null, 60_000, url("/x", null, List.of(), null, false)),
                            new CheckTarget("vs", new Endpoint(LOOPBACK, silent.getLocalPort())))
                    .check();
            try (Socket s = silent.accept()) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                byte[] head = new byte[512];
                assertTrue(in.read(head) > 0);
                f.cancel(true);
                // Closed within the read timeout: released at once, not left to the 60 s timeout.
                assertTrue(closedByPeer(in));
            }
        }
    }

    /** EOF or a reset (the checker closes with SO_LINGER 0); a read timeout throws. */
    private static boolean closedByPeer(InputStream in) throws java.io.IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            throw stillOpen;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void genhashPrintsTheBodyDigest() throws Exception {
        assertEquals(md5("hello from /g"), Genhash.digest(LOOPBACK, port(), "/g", null, false, null, null));
        assertEquals(
                md5("hello from /status/404"),
                Genhash.digest(LOOPBACK, port(), "/status/404", null, false, null, "1.1"));
    }

    @Test
    void genhashConsoleCommandPrintsTheDigest() throws Exception {
        var command = new org.keepalivedj.check.http.command.GenhashCommand();
        setField(command, "runtime", runtime);
        setField(command, "server", "127.0.0.1");
        setField(command, "port", port());
        setField(command, "url", "/c");
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.US_ASCII));
        try {
            command.execute();
        } finally {
            System.setOut(out);
        }
        assertEquals(
                md5("hello from /c"),
                printed.toString(StandardCharsets.US_ASCII).trim());
    }

    private static void setField(Object target, String name, Object value) throws Exception {
        java.lang.reflect.Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        f.set(target, value);
    }
}
