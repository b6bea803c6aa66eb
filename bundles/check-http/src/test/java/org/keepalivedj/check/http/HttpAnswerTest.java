package org.keepalivedj.check.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.config.checkers.HttpCheckSpec;

/**
 * The lean path's answer parser fed the way a socket may deliver an answer: in one piece or a byte
 * at a time, the body ending at its length, its last chunk or the close.
 */
class HttpAnswerTest {
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n";

    @Test
    void aChunkedBodyGivesTheSameDigestWholeOrByteByByte() throws Exception {
        String md5 = md5("hello, world");
        List<UrlFetch.Answer> seen = new ArrayList<>();
        assertTrue(feedWhole(CHUNKED, rules(md5), seen).up());
        assertTrue(feedByteByByte(CHUNKED, rules(md5), seen).up());
        assertEquals(2, seen.size());
        assertEquals(12, seen.get(1).length());
        assertEquals(md5, HexFormat.of().formatHex(seen.get(1).md5()));
    }

    @Test
    void aFixedLengthBodyEndsAtItsLengthAndOneWithoutAtTheClose() {
        String fixed = "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc";
        assertTrue(feedByteByByte(fixed, rules(null), new ArrayList<>()).up());
        HttpAnswer toClose = answer(rules(null), new ArrayList<>());
        assertNull(toClose.received(bytes("HTTP/1.0 200 OK\r\n\r\nbody until the close")));
        assertTrue(toClose.closed().up());
    }

    @Test
    void anAnswerCutShortOrNotHttpIsMalformed() {
        HttpAnswer cut = answer(rules(null), new ArrayList<>());
        assertNull(cut.received(bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this")));
        assertEquals(
                "malformed HTTP answer: connection closed before the end of the answer",
                cut.closed().detail());
        CheckResult notHttp = answer(rules(null), new ArrayList<>()).received(bytes("SSH-2.0-OpenSSH\r\n"));
        assertFalse(notHttp.up());
        assertTrue(notHttp.detail().startsWith("malformed HTTP answer: not a status line"), notHttp.detail());
        CheckResult badChunk = answer(rules(null), new ArrayList<>())
                .received(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
        assertTrue(badChunk.detail().contains("chunk size is not hex"), badChunk.detail());
        assertEquals(
                "connection closed by the server",
                answer(rules(null), new ArrayList<>()).closed().detail());
    }

    @Test
    void theStatusDecidesAndANoContentAnswerEndsAtItsHead() {
        CheckResult noContent =
                answer(rules(null), new ArrayList<>()).received(bytes("HTTP/1.1 204 No Content\r\n\r\n"));
        assertTrue(noContent.up(), noContent.detail());
        CheckResult notFound = answer(rules(null), new ArrayList<>())
                .received(bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
        assertEquals("HTTP status 404", notFound.detail());
    }

    @Test
    void headerNamesInAnyCaseAndValuesWithWhiteSpaceAroundAreRead() {
        List<UrlFetch.Answer> seen = new ArrayList<>();
        assertTrue(feedByteByByte("HTTP/1.1 200 OK\r\ncontent-LENGTH :  3 \t\r\n\r\nabc", rules(null), seen)
                .up());
        String chunked = "HTTP/1.1 200 OK\r\nTRANSFER-encoding:\tgzip, ChunKed \r\n\r\n"
                + "3;name=\"v\"\r\nabc\r\n 2 ; x \r\nde\r\n0\r\n\r\n";
        assertTrue(feedByteByByte(chunked, rules(null), seen).up());
        assertEquals(5, seen.get(1).length());
        // a value that only contains "chunked" is not chunked: the body runs to the close
        HttpAnswer notChunked = answer(rules(null), seen);
        assertNull(notChunked.received(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n")));
        assertEquals("HTTP status 200", notChunked.closed().detail());
        assertEquals(5, seen.get(2).length());
    }

    @Test
    void aFoldedLineBelongsToThePreviousHeader() {
        String folded = "HTTP/1.1 200 OK\r\nX-Folded: a\r\n Content-Length: 99\r\n\tTransfer-Encoding: chunked\r\n"
                + "Content-Length: 2\r\n\r\nok";
        assertTrue(feedByteByByte(folded, rules(null), new ArrayList<>()).up());
    }

    @Test
    void aLineSplitAcrossReadsIsReadWhole() {
        String answer = "HTTP/1.1 200 OK\r\nX-Long: " + "x".repeat(300) + "\r\nContent-Length: 2\r\n\r\nok";
        for (String splitAfter : List.of("HTTP/1.1 2", "X-Long: xxx", "Content-Len", "Content-Length: 2\r")) {
            HttpAnswer a = answer(rules(null), new ArrayList<>());
            int at = answer.indexOf(splitAfter) + splitAfter.length();
            assertNull(a.received(bytes(answer.substring(0, at))), splitAfter);
            CheckResult r = a.received(bytes(answer.substring(at)));
            assertEquals("HTTP status 200", r.detail(), splitAfter);
        }
    }

    @Test
    void blankLinesAndWhiteSpaceAroundTheStatusLineAreSkipped() {
        HttpAnswer a = answer(rules(null), new ArrayList<>());
        assertNull(a.received(bytes("\r\n \r\n  http/1.0   503 Busy \r\n\r\nbody")));
        assertEquals("HTTP status 503", a.closed().detail());
    }

    @Test
    void aBadStatusLineIsMalformedAndQuoted() {
        assertEquals("not a status line: SSH-2.0", malformed("SSH-2.0\r\n"));
        assertEquals("not a status line: HTTP", malformed("HTTP\r\n"));
        assertEquals("not a status line: " + "X".repeat(60) + "...", malformed("X".repeat(100) + "\r\n"));
        assertEquals("bad HTTP version: HTTP/x.1 200 OK", malformed("HTTP/x.1 200 OK\r\n"));
        assertEquals("bad HTTP version: HTTP/1 200 OK", malformed("HTTP/1 200 OK\r\n"));
        assertEquals("bad HTTP version: HTTP/1.1.1 200 OK", malformed("HTTP/1.1.1 200 OK\r\n"));
        assertEquals("bad status code: HTTP/1.1", malformed("HTTP/1.1\r\n"));
        assertEquals("bad status code: HTTP/1.1 2000 OK", malformed("HTTP/1.1 2000 OK\r\n"));
        assertEquals("bad status code: HTTP/1.1 200\tOK", malformed("HTTP/1.1 200\tOK\r\n"));
        assertEquals("bad status code: HTTP/1.1 2x0", malformed("HTTP/1.1 2x0\r\n"));
    }

    @Test
    void aBadHeaderIsMalformedAndQuoted() {
        assertEquals("header without a name: : x", malformed("HTTP/1.1 200 OK\r\n: x\r\n"));
        assertEquals("header without a name: no colon", malformed("HTTP/1.1 200 OK\r\nno colon\r\n"));
        assertEquals("bad Content-Length: 1x", malformed("HTTP/1.1 200 OK\r\nContent-Length:  1x \r\n"));
        assertEquals("bad Content-Length: -1", malformed("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n"));
        assertEquals(
                "bad Content-Length: 1234567890123456789",
                malformed("HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456789\r\n"));
        assertEquals(
                "two different Content-Length headers",
                malformed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\ncontent-length: 2\r\n"));
    }

    @Test
    void chunkSizesAreReadAsLongParseLongReadsHex() {
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertTrue(feedWhole(head + "+5\r\nhello\r\n0\r\n\r\n", rules(null), new ArrayList<>())
                .up());
        assertTrue(feedWhole(head + "0000000000000000005\r\nhello\r\n-0\r\n\r\n", rules(null), new ArrayList<>())
                .up());
        assertEquals("negative chunk size: -5", malformed(head + "-5\r\n"));
        assertEquals("chunk size is not hex: 10000000000000000", malformed(head + "10000000000000000\r\n"));
        assertEquals("chunk size is not hex: ", malformed(head + " ;ext\r\n"));
        assertEquals("chunk size is not hex: 5 5", malformed(head + "5 5\r\n"));
    }

    /** Parsing a typical answer allocates only the HttpAnswer itself: a check at 10,000 a second must not feed the GC. */
    @Test
    void aNormalAnswerIsParsedWithoutAllocatingMore() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        byte[] nginx = ("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 07 Dec 2026 12:00:00 GMT\r\n"
                        + "Content-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer request = HttpAnswer.request("/", "h", "1.1");
        UrlRules rules = rules(null);
        ByteBuffer data = ByteBuffer.allocateDirect(nginx.length);
        int answers = 20_000;
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < answers; i++) {
            data.clear();
            data.put(nginx).flip();
            if (!new HttpAnswer(request, rules, false, null).received(data).up()) {
                throw new AssertionError("not up");
            }
        }
        long perAnswer = (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / answers;
        assertTrue(perAnswer < 200, perAnswer + " bytes allocated per answer");
    }

    /** The detail of a malformed verdict, without its "malformed HTTP answer: " in front. */
    private static String malformed(String text) {
        CheckResult r = answer(rules(null), new ArrayList<>()).received(bytes(text));
        assertFalse(r.up());
        String prefix = "malformed HTTP answer: ";
        assertTrue(r.detail().startsWith(prefix), r.detail());
        return r.detail().substring(prefix.length());
    }

    @Test
    void theRequestIsBuiltAsTheProtocolSays() {
        assertEquals(
                "GET /x HTTP/1.0\r\nHost: h:80\r\nUser-Agent: KeepAliveClient\r\n\r\n",
                text(HttpAnswer.request("/x", "h:80", null)));
        assertEquals(
                "GET /x HTTP/1.1\r\nHost: h\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n\r\n",
                text(HttpAnswer.request("/x", "h", "1.1")));
    }

    private static UrlRules rules(String digest) {
        return new UrlRules(new HttpCheckSpec.Url(
                Origin.NONE, "/", digest, List.of(), null, null, false, List.of(), 0, null, false));
    }

    private static HttpAnswer answer(UrlRules rules, List<UrlFetch.Answer> seen) {
        return new HttpAnswer(HttpAnswer.request("/", "h", null), rules, true, seen::add);
    }

    private static CheckResult feedWhole(String text, UrlRules rules, List<UrlFetch.Answer> seen) {
        return answer(rules, seen).received(bytes(text));
    }

    private static CheckResult feedByteByByte(String text, UrlRules rules, List<UrlFetch.Answer> seen) {
        HttpAnswer a = answer(rules, seen);
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) {
            CheckResult r = a.received(ByteBuffer.wrap(b, i, 1));
            if (r != null) {
                assertEquals(b.length - 1, i, "the verdict came before the answer's end");
                return r;
            }
        }
        throw new AssertionError("no verdict after the whole answer");
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String text(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, StandardCharsets.ISO_8859_1);
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
