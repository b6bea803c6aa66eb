package org.keepalivedj.check.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
