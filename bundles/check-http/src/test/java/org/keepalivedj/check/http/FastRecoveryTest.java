package org.keepalivedj.check.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.lvs.EmbeddedLvs;

/**
 * HTTP_GET with three urls on the real LVS engine against a loopback HTTP server that records each
 * request, as keepalived 2.2.7 did in the user-mode-linux lab with the same three urls (2026-12-06):
 * starting down with alpha, it fetched one url per delay_loop and the server came up when the last
 * passed (fast_recovery: all three at once). After /b failed, it fetched /b alone each delay_loop
 * until it passed, then /a, /b, /c one per delay_loop (fast_recovery: at once, right after /b).
 */
class FastRecoveryTest {
    private static final double DELAY_LOOP = 0.6;
    private static final long DELAY_LOOP_NANOS = (long) (DELAY_LOOP * 1e9);

    /** A request the server answered: its path and when (System.nanoTime). */
    record Request(String path, long at) {}

    private HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private volatile boolean failB;
    private NettyCheckRuntime runtime;
    private EmbeddedLvs engine;
    /** The verdicts the engine announced, in order. */
    private final BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            synchronized (requests) {
                requests.add(new Request(path, System.nanoTime()));
            }
            int status = failB && path.equals("/b") ? 500 : 200;
            byte[] body = ("page " + path).getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        runtime = new NettyCheckRuntime(1, 1);
        engine = EmbeddedLvs.builder()
                .threadName("fast-recovery-test")
                .checker(new HttpCheckFactory(runtime))
                .listener(new LvsStateListener() {
                    @Override
                    public void realServerChanged(VirtualServerView vs, RealServerView rs, boolean up) {
                        changes.add(up);
                    }
                })
                .start();
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        server.stop(0);
    }

    @Test
    void withoutFastRecoveryARecoveringServerIsCheckedOneUrlPerDelayLoop() throws Exception {
        engine.apply(config(false));
        assertRecoveredOneUrlPerDelayLoop(awaitVerdict(true));

        failB = true;
        assertEquals(false, changes.poll(30, TimeUnit.SECONDS), "a failing /b takes the server down");
        clearRequests();
        failB = false;
        List<Request> seen = awaitVerdict(true);
        assertEquals(
                List.of("/b", "/a", "/b", "/c"),
                paths(seen.subList(seen.size() - 4, seen.size())),
                "the failed url until it passes, then every url from the first: " + paths(seen));
        assertRecoveredOneUrlPerDelayLoop(seen.subList(seen.size() - 3, seen.size()));
    }

    @Test
    void withFastRecoveryTheFailedUrlPassingIsFollowedByAllUrlsAtOnce() throws Exception {
        engine.apply(config(true));
        awaitVerdict(true);
        failB = true;
        assertEquals(false, changes.poll(30, TimeUnit.SECONDS), "a failing /b takes the server down");
        clearRequests();
        failB = false;
        List<Request> seen = awaitVerdict(true);
        List<Request> last = seen.subList(seen.size() - 4, seen.size());
        assertEquals(List.of("/b", "/a", "/b", "/c"), paths(last), "all requests: " + paths(seen));
        long span = last.get(3).at() - last.get(0).at();
        assertTrue(span < DELAY_LOOP_NANOS, "in one attempt, not a delay_loop apart: " + span / 1_000_000 + " ms");
    }

    @Test
    void withFastRecoveryARecoveringServerIsCheckedAllUrlsAtOnce() throws Exception {
        engine.apply(config(true));
        List<Request> seen = awaitVerdict(true);
        assertEquals(List.of("/a", "/b", "/c"), paths(seen), "one attempt fetched every url");
        long span = seen.get(2).at() - seen.get(0).at();
        assertTrue(span < DELAY_LOOP_NANOS, "back to back, not a delay_loop apart: " + span / 1_000_000 + " ms");
    }

    private void assertRecoveredOneUrlPerDelayLoop(List<Request> seen) {
        assertEquals(List.of("/a", "/b", "/c"), paths(seen), "one request per url before the server came up");
        for (int i = 1; i < seen.size(); i++) {
            long gap = seen.get(i).at() - seen.get(i - 1).at();
            // the engine's timers are not early; allow 10% for the clock of the server's thread
            assertTrue(
                    gap >= DELAY_LOOP_NANOS * 9 / 10,
                    seen.get(i).path() + " came " + gap / 1_000_000 + " ms after the url before it, not a delay_loop");
        }
    }

    /** Waits for the engine to announce the verdict; returns the requests seen until then. */
    private List<Request> awaitVerdict(boolean up) throws InterruptedException {
        assertEquals(up, changes.poll(30, TimeUnit.SECONDS), "the engine's verdict");
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    private static List<String> paths(List<Request> seen) {
        return seen.stream().map(Request::path).toList();
    }

    private org.keepalivedj.api.model.KeepalivedConfig config(boolean fastRecovery) throws Exception {
        int port = server.getAddress().getPort();
        String text = String.join(
                "\n",
                "virtual_server 192.0.2.1 80 {",
                "  delay_loop " + DELAY_LOOP,
                "  lb_algo rr",
                "  lb_kind NAT",
                "  protocol TCP",
                "  real_server 127.0.0.1 " + port + " {",
                "    HTTP_GET {",
                fastRecovery ? "      fast_recovery" : "",
                "      alpha",
                "      retry 0",
                "      connect_timeout 2",
                "      url {",
                "        path /a",
                "        status_code 200",
                "      }",
                "      url {",
                "        path /b",
                "        status_code 200",
                "      }",
                "      url {",
                "        path /c",
                "        status_code 200",
                "      }",
                "    }",
                "  }",
                "}",
                "");
        return KeepalivedConfigLoader.withBuiltinCheckers()
                .load(text, "fast-recovery.conf", Path.of("."))
                .config();
    }
}
