package org.keepalivedj.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keepalivedj.alerts.internal.Awaits.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue and its worker against a stopped, a silent and a real (aiosmtpd) SMTP server. */
class MailSenderTest {
    private static final MailSender.Retry QUICK = new MailSender.Retry(2, Duration.ofMillis(50));

    private static SmtpSettings settings(int port, Duration timeout) {
        return new SmtpSettings(
                "127.0.0.1", port, "lb1", "keepalived@example.com", List.of("ops@example.com"), timeout, "LB1");
    }

    private static Mail mail(String subject) {
        return new Mail(Instant.now(), subject, "body");
    }

    @Test
    void anOutageIsLoggedOnceAndItsEndOnceAndEveryMailIsAccountedFor(@TempDir Path dir) throws Exception {
        int port = SmtpSink.freePort();
        SmtpSettings smtp = settings(port, Duration.ofSeconds(5));
        RecordingLog log = new RecordingLog();
        try (MailSender sender = new MailSender(10, QUICK, new SmtpClient(ZoneOffset.UTC), log)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(sender.submit(smtp, mail("lost " + i)));
            }
            await(() -> sender.failed() == 3, () -> "3 failed, have " + sender.failed() + ", log " + log.lines);
            assertEquals(1, log.count("unreachable 127.0.0.1:" + port), log.lines::toString);
            assertEquals(0, sender.sent());
            assertTrue(sender.lastError().startsWith("127.0.0.1:" + port + ": "), sender.lastError());

            try (SmtpSink sink = SmtpSink.start(dir.resolve("mail"), port)) {
                sender.submit(smtp, mail("back"));
                sink.awaitSubject("back");
                await(() -> sender.sent() == 1, () -> "sent " + sender.sent());
                assertEquals(1, log.count("reachable 127.0.0.1:" + port + " 3"), log.lines::toString);
                assertEquals(1, log.count("unreachable"), log.lines::toString);
                assertEquals("", sender.lastError());
            }
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        // a server that accepts connections and never answers holds the worker on its first mail
        // closed first (resources close in reverse): the reset ends the worker's wait at once
        try (MailSender sender = new MailSender(
                        2, new MailSender.Retry(1, Duration.ZERO), new SmtpClient(ZoneOffset.UTC), new RecordingLog());
                ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SmtpSettings smtp = settings(silent.getLocalPort(), Duration.ofSeconds(20));
            assertTrue(sender.submit(smtp, mail("taken by the worker")));
            await(() -> sender.queued() == 0, () -> "the worker takes the first mail");
            assertTrue(sender.submit(smtp, mail("queued 1")));
            assertTrue(sender.submit(smtp, mail("queued 2")));
            assertFalse(sender.submit(smtp, mail("dropped")));
            assertEquals(1, sender.dropped());
            assertEquals(2, sender.queued());
            assertEquals(0, sender.failed());
        }
    }
}
