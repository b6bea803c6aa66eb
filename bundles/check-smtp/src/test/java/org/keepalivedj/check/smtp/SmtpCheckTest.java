package org.keepalivedj.check.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.keepalivedj.config.checkers.SmtpCheckSpec;

/** SMTP_CHECK against a scripted SMTP server on loopback: what it was sent, and each way of failing. */
class SmtpCheckTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static NettyCheckRuntime runtime;
    private static SmtpCheckFactory factory;

    @BeforeAll
    static void start() {
        runtime = new NettyCheckRuntime(2, 1);
        factory = new SmtpCheckFactory(runtime);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** Serves one connection: sends banner, reads a line, answers helo, then records what else came. */
    private static CompletableFuture<List<String>> serveOnce(ServerSocket server, String banner, String heloReply) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (Socket s = server.accept()) {
                        s.setSoTimeout(5000);
                        OutputStream out = s.getOutputStream();
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                        out.write(banner.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        String helo = in.readLine();
                        if (heloReply == null) {
                            return List.of(String.valueOf(helo));
                        }
                        out.write(heloReply.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return List.of(String.valueOf(helo), String.valueOf(in.readLine()));
                    } catch (Exception e) {
                        return List.of("server: " + e);
                    }
                },
                task -> new Thread(task, "test-server").start()); // its own thread: the common pool may have one
    }

    private static CheckResult check(int port, String helo, long timeoutMs) throws Exception {
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
        return factory.create(
                        new SmtpCheckSpec(Origin.NONE, s, helo), new CheckTarget("vs", new Endpoint(LOOPBACK, port)))
                .check()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void bannerHeloQuit() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            var seen = serveOnce(server, "220-mail.test ESMTP\r\n220 ready\r\n", "250 mail.test\r\n");
            CheckResult r = check(server.getLocalPort(), "lb.example.test", 10_000);
            assertTrue(r.up(), r.detail());
            assertEquals(List.of("HELO lb.example.test", "QUIT"), seen.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void wrongBannerIsDown() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            serveOnce(server, "554 go away\r\n", null);
            CheckResult r = check(server.getLocalPort(), "lb", 10_000);
            assertFalse(r.up());
            assertEquals("Bad greeting banner from server [127.0.0.1]:" + server.getLocalPort(), r.detail());
        }
    }

    /** Found by SmtpReplyFuzzTest: a multi-line banner whose first line is not 220 is not a greeting. */
    @Test
    void aMultiLineReplyWhoseLinesDisagreeIsDown() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            serveOnce(server, "320-mail.example.org\r\n220 last line\r\n", "250 ok\r\n");
            CheckResult r = check(server.getLocalPort(), "lb", 10_000);
            assertFalse(r.up());
            assertEquals("Bad greeting banner from server [127.0.0.1]:" + server.getLocalPort(), r.detail());
        }
    }

    @Test
    void heloRefusedIsDown() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            serveOnce(server, "220 ready\r\n", "501 bad helo\r\n");
            CheckResult r = check(server.getLocalPort(), "lb", 10_000);
            assertFalse(r.up());
            assertEquals("Bad HELO response from server [127.0.0.1]:" + server.getLocalPort(), r.detail());
        }
    }

    @Test
    void notSmtpIsDown() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            serveOnce(server, "SSH-2.0-OpenSSH_9.2\r\n", null);
            CheckResult r = check(server.getLocalPort(), "lb", 10_000);
            assertFalse(r.up());
            assertEquals("Bad greeting banner from server [127.0.0.1]:" + server.getLocalPort(), r.detail());
        }
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            CheckResult r = check(server.getLocalPort(), "lb", 300);
            assertFalse(r.up());
            assertEquals("Read timeout from server [127.0.0.1]:" + server.getLocalPort(), r.detail());
        }
    }

    @Test
    void refusedIsDown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        CheckResult r = check(port, "lb", 10_000);
        assertFalse(r.up());
        assertEquals("Could not connect to server [127.0.0.1]:" + port, r.detail());
    }

    @Test
    void aConnectTimeoutIsKeepalivedsConnectionTimeout() {
        CheckResult timedOut = CheckResult.down("connect to 192.0.2.9:25 failed: connection timed out");
        assertEquals(
                "Connection timeout to server [192.0.2.9]:25",
                SmtpDialogue.notConnected(timedOut, "[192.0.2.9]:25").detail());
        CheckResult dialogue = CheckResult.down("Bad HELO response from server [192.0.2.9]:25");
        assertEquals(dialogue, SmtpDialogue.notConnected(dialogue, "[192.0.2.9]:25"));
    }
}
