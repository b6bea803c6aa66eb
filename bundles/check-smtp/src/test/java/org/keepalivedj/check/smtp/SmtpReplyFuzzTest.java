package org.keepalivedj.check.smtp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.checkers.SmtpCheckSpec;
import org.keepalivedj.testsupport.fuzz.FuzzTries;
import org.keepalivedj.testsupport.fuzz.Mutator;
import org.keepalivedj.testsupport.fuzz.ReplyServer;

/**
 * SMTP_CHECK against a real loopback server that sends mutants of real SMTP dialogues (banners,
 * multi-line replies, HELO answers) and closes: every attempt ends with up or down as soon as the
 * server closes, never with an exception or a wait for the timeout, and up only after a 220 and a 250.
 * 200 tries by default; {@code -Dfuzz.tries=N} for long runs.
 */
class SmtpReplyFuzzTest {
    private static final List<String> SAMPLES = List.of(
            "220 mail.example.org ESMTP OpenSMTPD\r\n250 mail.example.org Hello x [127.0.0.1], pleased to meet you\r\n"
                    + "221 2.0.0 Bye\r\n",
            "220-mail.example.org ESMTP Postfix\r\n220-second line of the banner\r\n220 last line\r\n"
                    + "250-mail.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n",
            "554 5.3.2 not accepting mail\r\n",
            "220 ready\r\n421 4.3.2 shutting down\r\n",
            "220 ready\n250 ok\n");
    private static final long TIMEOUT_MS =
            10_000; // generous: a loaded machine must not turn a closed connection into a timeout

    private static NettyCheckRuntime runtime;
    private static SmtpCheckFactory factory;
    private static ReplyServer server;

    @BeforeContainer
    static void start() throws Exception {
        runtime = new NettyCheckRuntime(1, 1);
        factory = new SmtpCheckFactory(runtime);
        server = new ReplyServer(false);
    }

    @AfterContainer
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(FuzzTries.class)
    void everyDialogueEndsTheAttemptWithUpOrDown(@ForAll("dialogues") byte[] dialogue) throws Exception {
        Statistics.collect(judge(dialogue));
    }

    @Example
    void theUnmutatedSamplesAreJudgedByTheirCodes() throws Exception {
        assertTrue(judge(SAMPLES.get(0).getBytes(StandardCharsets.US_ASCII)).equals("up"));
        assertTrue(judge(SAMPLES.get(1).getBytes(StandardCharsets.US_ASCII)).equals("up"));
        assertTrue(judge(SAMPLES.get(2).getBytes(StandardCharsets.US_ASCII)).equals("down"));
        assertTrue(judge(SAMPLES.get(3).getBytes(StandardCharsets.US_ASCII)).equals("down"));
    }

    private static String judge(byte[] dialogue) throws Exception {
        server.answer(dialogue);
        CheckerSettings s = new CheckerSettings(
                null,
                0,
                null,
                0,
                null,
                0,
                false,
                false,
                new CheckTiming(null, null, null, Duration.ofMillis(TIMEOUT_MS), null));
        CheckResult r = factory.create(
                        new SmtpCheckSpec(Origin.NONE, s, "fuzz.example"),
                        new CheckTarget("vs", new Endpoint(InetAddress.getLoopbackAddress(), server.port())))
                .check()
                .get(4 * TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertFalse(r.detail().contains("timed out"), "the server closed, yet the attempt waited: " + r.detail());
        if (r.up()) {
            String text = new String(dialogue, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("220") && text.contains("\n250"), "up without 220 and 250: " + r.detail());
        }
        return r.up() ? "up" : "down";
    }

    @Provide
    Arbitrary<byte[]> dialogues() {
        return Mutator.mutantsOf(
                SAMPLES.stream()
                        .map(t -> t.getBytes(StandardCharsets.ISO_8859_1))
                        .toList(),
                300);
    }
}
