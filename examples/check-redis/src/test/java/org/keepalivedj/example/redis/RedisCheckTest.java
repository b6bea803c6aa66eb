package org.keepalivedj.example.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.config.Token;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.check.support.NettyCheckRuntime;

/** REDIS_CHECK against a real redis-server (Debian's, installed by .ci/run) on loopback. */
class RedisCheckTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static NettyCheckRuntime runtime;
    private static RedisCheckFactory factory;
    private static Process redis;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        runtime = new NettyCheckRuntime(1, 1);
        factory = new RedisCheckFactory(runtime);
        if (Files.isExecutable(Path.of("/usr/bin/redis-server"))) {
            port = freePort();
            redis = new ProcessBuilder(
                            "/usr/bin/redis-server",
                            "--port",
                            String.valueOf(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--daemonize",
                            "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!check(port).up()) {
                assertTrue(System.nanoTime() < deadline && redis.isAlive(), "redis-server did not start");
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        runtime.close();
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static CheckResult check(int port) throws Exception {
        return factory.create(
                        new RedisCheckSpec(org.keepalivedj.api.model.Origin.NONE, CheckerSettings.NONE),
                        new CheckTarget("vs", new Endpoint(LOOPBACK, port)))
                .check()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void realRedisAnswersPong() throws Exception {
        assumeTrue(redis != null, "redis-server is not installed (apt-get install redis-server)");
        CheckResult r = check(port);
        assertTrue(r.up(), r.detail());
    }

    @Test
    void somethingElseIsDown() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("-NOAUTH Authentication required.\r\n".getBytes());
                    s.getInputStream().read();
                } catch (IOException ignored) {
                    // the checker hung up
                }
            });
            t.start();
            CheckResult r = check(server.getLocalPort());
            assertFalse(r.up());
            assertEquals("redis answered -NOAUTH Authentication required.", r.detail());
            t.join(5000);
        }
    }

    @Test
    void refusedIsDown() throws Exception {
        CheckResult r = check(freePort());
        assertFalse(r.up());
        assertTrue(r.detail().contains("connection refused"), r.detail());
    }

    @Test
    void bindsItsBlockAndReportsBadLinesWithTheirLocation() {
        Location at = new Location("keepalived.conf", 7, 9);
        ConfigNode block = new ConfigNode(
                new Token("REDIS_CHECK", at, false),
                List.of(),
                List.of(line("connect_port", "6380", 8), line("connect_timeout", "soon", 9), line("password", "x", 10)),
                true);
        List<String> errors = new ArrayList<>();
        RedisCheckSpec spec = RedisBinder.bind(block, new ProblemSink() {
            public void error(Location where, String message) {
                errors.add(where.line() + ": " + message);
            }

            public void warning(Location where, String message) {}
        });
        assertEquals(6380, spec.settings().connectPort());
        assertEquals(
                List.of(
                        "9: REDIS_CHECK: connect_timeout soon must be 1-3600",
                        "10: REDIS_CHECK: unknown keyword password"),
                errors);
    }

    private static ConfigNode line(String keyword, String value, int lineNo) {
        Location at = new Location("keepalived.conf", lineNo, 5);
        return new ConfigNode(new Token(keyword, at, false), List.of(new Token(value, at, false)), List.of(), false);
    }
}
