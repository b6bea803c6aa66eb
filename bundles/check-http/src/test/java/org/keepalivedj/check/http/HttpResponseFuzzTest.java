package org.keepalivedj.check.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.keepalivedj.config.checkers.HttpCheckSpec;
import org.keepalivedj.testsupport.fuzz.Corpus;
import org.keepalivedj.testsupport.fuzz.FuzzTries;
import org.keepalivedj.testsupport.fuzz.Mutator;
import org.keepalivedj.testsupport.fuzz.ReplyServer;

/**
 * HTTP_GET against a real loopback server answering with mutants of real HTTP answers (status line,
 * headers, fixed-length, chunked and read-to-close bodies): every attempt ends with up or down as soon
 * as the server closes (never an exception, never a wait for the timeout), and an answer the decoder
 * found broken is never up. 200 tries by default; {@code -Dfuzz.tries=N} for long runs.
 */
class HttpResponseFuzzTest {
    private static final List<String> SAMPLES = List.of(
            "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Thu, 26 Nov 2026 01:00:00 GMT\r\n"
                    + "Content-Type: text/html\r\nContent-Length: 12\r\nConnection: close\r\n\r\nhello world\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
                    + "5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1a;name=value\r\nabcdefghijklmnopqrstuvwxyz\r\n"
                    + "0\r\nX-Checksum: abc\r\n\r\n",
            "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nno length: the body ends at the close\n",
            "HTTP/1.1 301 Moved Permanently\r\nLocation: http://example.invalid/x\r\nContent-Length: 5\r\n"
                    + "X-Folded: a\r\n  b\r\n\r\nmoved",
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 10\r\nContent-Length: 4\r\n\r\nbusy");
    private static final long TIMEOUT_MS =
            10_000; // generous: a loaded machine must not turn a closed connection into a timeout

    private static NettyCheckRuntime runtime;
    private static HttpCheckFactory factory;
    private static ReplyServer server;

    @BeforeContainer
    static void start() throws Exception {
        runtime = new NettyCheckRuntime(1, 1);
        factory = new HttpCheckFactory(runtime);
        server = new ReplyServer(true);
    }

    @AfterContainer
    static void stop() throws Exception {
        server.close();
        runtime.close();
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(FuzzTries.class)
    void everyAnswerEndsTheAttemptWithUpOrDown(@ForAll("answers") byte[] answer) throws Exception {
        String outcome = judge(answer);
        Statistics.collect(outcome);
    }

    @Example
    void theCorpusOfAnswersThatFoundBugsIsJudgedDown() throws Exception {
        for (Path p : Corpus.files(HttpResponseFuzzTest.class, "http")) {
            String outcome = judge(Files.readAllBytes(p));
            assertTrue(outcome.startsWith("down"), p.getFileName() + ": " + outcome);
        }
    }

    @Example
    void theUnmutatedSamplesAreJudgedByStatus() throws Exception {
        assertTrue(judge(SAMPLES.get(0).getBytes(StandardCharsets.ISO_8859_1)).startsWith("up"));
        assertTrue(judge(SAMPLES.get(1).getBytes(StandardCharsets.ISO_8859_1)).startsWith("up"));
        assertFalse(judge(SAMPLES.get(3).getBytes(StandardCharsets.ISO_8859_1)).startsWith("up"));
    }

    /** "up" or "down: why"; fails on an exception or a wait for the timeout. */
    private static String judge(byte[] answer) throws Exception {
        server.answer(answer);
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
        HttpCheckSpec spec = new HttpCheckSpec(
                "HTTP_GET",
                Origin.NONE,
                s,
                null,
                "1.1",
                false,
                null,
                false,
                false,
                List.of(new HttpCheckSpec.Url(
                        Origin.NONE, "/", null, List.of(), null, null, false, List.of(), 0, null, false)));
        CheckResult r = factory.create(
                        spec,
                        new CheckTarget("vs", new Endpoint(java.net.InetAddress.getLoopbackAddress(), server.port())))
                .check()
                .get(4 * TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertFalse(r.detail().contains("timed out"), "the server closed, yet the attempt waited: " + r.detail());
        if (r.up()) {
            assertTrue(
                    startsWithStatusLine(new String(answer, StandardCharsets.ISO_8859_1)),
                    "up without a status line: " + r.detail());
        }
        return r.up() ? "up" : "down";
    }

    /** Netty's decoder skips leading control characters and white space, and reads the version case-blind. */
    private static boolean startsWithStatusLine(String text) {
        int i = 0;
        while (i < text.length()
                && (Character.isISOControl(text.charAt(i)) || Character.isWhitespace(text.charAt(i)))) {
            i++;
        }
        return text.regionMatches(true, i, "HTTP/", 0, 5);
    }

    @Provide
    Arbitrary<byte[]> answers() {
        return Mutator.mutantsOf(
                SAMPLES.stream()
                        .map(t -> t.getBytes(StandardCharsets.ISO_8859_1))
                        .toList(),
                300);
    }
}
