package org.keepalivedj.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP dialogue against a real aiosmtpd, and against servers that refuse or never answer. */
class SmtpClientTest {
    private static final SmtpClient CLIENT = new SmtpClient(ZoneOffset.UTC);

    private static SmtpSettings settings(int port, Duration timeout) {
        return new SmtpSettings(
                "127.0.0.1",
                port,
                "lb1.example.com",
                "keepalived@example.com",
                List.of("ops@example.com", "pager@example.com"),
                timeout,
                "LB1");
    }

    @Test
    void deliversHeadersBodyAndEnvelopeToARealServer(@TempDir Path dir) throws Exception {
        try (SmtpSink sink = SmtpSink.start(dir.resolve("mail"))) {
            Mail mail = new Mail(
                    Instant.parse("2026-11-26T00:55:36Z"),
                    "[LB1] VRRP Instance VI_1 - Entering MASTER state",
                    "=> VRRP Instance is now owning VRRP VIPs <=\n.a line that starts with a dot\n.\nlast");
            CLIENT.send(settings(sink.port(), Duration.ofSeconds(10)), mail);

            SmtpSink.Received r = sink.awaitSubject("[LB1] VRRP Instance VI_1 - Entering MASTER state");
            assertEquals("Thu, 26 Nov 2026 00:55:36 +0000", r.header("Date"));
            assertEquals("keepalived@example.com", r.header("From"));
            assertEquals("ops@example.com, pager@example.com", r.header("To"));
            assertEquals("Keepalived", r.header("X-Mailer"));
            assertEquals("keepalived@example.com", r.header("X-MailFrom"));
            assertEquals(
                    "ops@example.com,pager@example.com", r.header("X-RcptTo").replace(" ", ""));
            // dot-stuffing is undone by the server: the body arrives as written, the lone dot included
            assertEquals(
                    "=> VRRP Instance is now owning VRRP VIPs <=\n.a line that starts with a dot\n.\nlast\n", r.body());
        }
    }

    @Test
    void dotStuffingDoublesOnlyLeadingDots() {
        assertEquals("..a\r\nb.c\r\n..\r\n", MailText.dotStuff(".a\r\nb.c\r\n.\r\n"));
    }

    @Test
    void aRefusedRecipientFailsNamingTheStepAndTheReply() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> refuseRecipients(server), "smtp-refuser");
            t.setDaemon(true);
            t.start();
            SmtpException e = assertThrows(
                    SmtpException.class,
                    () -> CLIENT.send(
                            settings(server.getLocalPort(), Duration.ofSeconds(10)),
                            new Mail(Instant.now(), "s", "b")));
            assertTrue(
                    e.getMessage().contains("RCPT TO ops@example.com refused: 550 5.1.1 no such user"), e.getMessage());
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheConnectTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // the kernel completes the handshake from the backlog; nobody ever writes the greeting
            assertThrows(
                    SocketTimeoutException.class,
                    () -> CLIENT.send(
                            settings(server.getLocalPort(), Duration.ofMillis(500)),
                            new Mail(Instant.now(), "s", "b")));
        }
    }

    /** Answers like a server that knows nobody: 220, 250 to HELO and MAIL, 550 to RCPT. */
    private static void refuseRecipients(ServerSocket server) {
        try (Socket s = server.accept()) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            out.write("220-test.example.com ESMTP\r\n220 ready\r\n".getBytes(StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                String reply = line.startsWith("RCPT")
                        ? "550 5.1.1 no such user"
                        : line.startsWith("QUIT") ? "221 bye" : "250 ok";
                out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                if (line.startsWith("QUIT") || line.startsWith("RCPT")) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client hung up: the test asserts what the client saw
        }
    }
}
