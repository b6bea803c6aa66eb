package org.keepalivedj.check.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Consumer;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.check.support.ExchangeLoop;

/**
 * One GET over a plain connection (HTTP_GET's lean path): sends the request built once per url and
 * reads the answer as it streams in, without building HTTP objects: the status line, the two headers
 * that say where the body ends (Content-Length, Transfer-Encoding: chunked), and the body, counted, fed
 * to MD5 when a digest is wanted and kept (with the head) for a regex. The body ends at its length, at
 * the last chunk, or, with neither, at the close; an answer cut short or not HTTP is malformed (down).
 * Lines are parsed on the bytes where they lie, and a String is built only for a malformed answer's
 * message: at thousands of checks a second, garbage per check means GC pauses that make checks late.
 */
final class HttpAnswer implements ExchangeLoop.Exchange {
    /** Longest status line plus headers read (a longer head is malformed). */
    private static final int MAX_HEAD = 64 * 1024;

    // What the head is compared with, byte by byte, case-blind: lower case.
    private static final byte[] HTTP_SLASH = ascii("http/");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CHUNKED = ascii("chunked");

    private enum State {
        STATUS_LINE,
        HEADERS,
        BODY_LENGTH,
        BODY_TO_CLOSE,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_END,
        TRAILERS,
        DONE
    }

    private final ByteBuffer request;
    private final UrlRules rule;
    /** Gets the raw answer (genhash); null when nobody wants it, so a check builds none. */
    private final Consumer<UrlFetch.Answer> seen;

    private final MessageDigest md5;
    private final StringBuilder text;
    private State state = State.STATUS_LINE;
    /**
     * The start of a line that did not end in the read that brought it, kept until its end comes; made
     * only then: a line that ends in its read is parsed where it lies, so a head that arrives in one
     * read copies nothing.
     */
    private byte[] partial;
    /** A view of {@link #partial}, made with it, to parse a gathered line like one in a read. */
    private ByteBuffer partialView;

    private int partialLength;
    private int headBytes;
    private boolean anything;
    private int status;
    private long contentLength = -1;
    private boolean chunked;
    private long remaining;
    private long length;

    /**
     * @param wantsDigest compute the body's MD5 (a digest to compare, or genhash)
     * @param seen gets the raw answer, or null
     */
    HttpAnswer(ByteBuffer request, UrlRules rule, boolean wantsDigest, Consumer<UrlFetch.Answer> seen) {
        this.request = request;
        this.rule = rule;
        this.seen = seen;
        this.text = rule.wantsText() ? new StringBuilder() : null;
        try {
            this.md5 = wantsDigest ? MessageDigest.getInstance("MD5") : null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }

    /** The request bytes of a GET, as the Netty path's encoder writes them. */
    static ByteBuffer request(String path, String host, String protocol) {
        boolean http11 = "1.1".equals(protocol);
        String head = "GET " + path + (http11 ? " HTTP/1.1" : " HTTP/1.0") + "\r\nHost: " + host
                + "\r\nUser-Agent: KeepAliveClient\r\n"
                + (http11 || "1.0C".equals(protocol) ? "Connection: close\r\n" : "")
                + "\r\n";
        return ByteBuffer.wrap(head.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }

    @Override
    public ByteBuffer request() {
        return request.duplicate();
    }

    @Override
    public CheckResult received(ByteBuffer data) {
        anything = true;
        if (text != null && text.length() < UrlRules.REGEX_WINDOW) {
            int n = Math.min(data.remaining(), UrlRules.REGEX_WINDOW - text.length());
            for (int i = 0; i < n; i++) {
                text.append((char) (data.get(data.position() + i) & 0xff));
            }
        }
        try {
            while (data.hasRemaining() && state != State.DONE) {
                step(data);
            }
        } catch (MalformedAnswer e) {
            return CheckResult.down("malformed HTTP answer: " + e.getMessage());
        }
        return state == State.DONE ? verdict() : null;
    }

    @Override
    public CheckResult closed() {
        if (state == State.BODY_TO_CLOSE) {
            return verdict();
        }
        if (!anything) {
            return CheckResult.down("connection closed by the server");
        }
        return CheckResult.down("malformed HTTP answer: connection closed before the end of the answer");
    }

    private CheckResult verdict() {
        byte[] digest = md5 == null ? null : md5.digest();
        if (seen != null) {
            seen.accept(new UrlFetch.Answer(status, digest, length));
        }
        return rule.result(status, digest, text == null ? null : text.toString());
    }

    private void step(ByteBuffer data) throws MalformedAnswer {
        switch (state) {
            case STATUS_LINE, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> readLine(data);
            case BODY_LENGTH, CHUNK_DATA -> {
                int n = (int) Math.min(remaining, data.remaining());
                body(data, n);
                remaining -= n;
                if (remaining == 0) {
                    state = state == State.BODY_LENGTH ? State.DONE : State.CHUNK_END;
                }
            }
            case BODY_TO_CLOSE -> body(data, data.remaining());
            case DONE -> data.position(data.limit());
        }
    }

    private void body(ByteBuffer data, int n) {
        length += n;
        int end = data.position() + n;
        if (md5 != null) {
            int limit = data.limit();
            md5.update(data.limit(end)); // up to end, without a slice per read
            data.limit(limit);
        }
        data.position(end);
    }

    /**
     * Reads up to the end of a line (LF) and hands the line on: where it lies in data, or gathered
     * when it began in an earlier read; without its LF, it is kept for the next read.
     */
    private void readLine(ByteBuffer data) throws MalformedAnswer {
        int start = data.position();
        for (int i = start; i < data.limit(); i++) {
            if (++headBytes > MAX_HEAD) {
                throw new MalformedAnswer("head or chunk lines longer than " + MAX_HEAD + " bytes");
            }
            if (data.get(i) == '\n') {
                data.position(i + 1);
                if (partialLength == 0) {
                    lineDone(data, start, i);
                } else {
                    gather(data, start, i);
                    int end = partialLength;
                    partialLength = 0;
                    lineDone(partialView, 0, end);
                }
                return;
            }
        }
        gather(data, start, data.limit());
        data.position(data.limit());
    }

    private void gather(ByteBuffer data, int from, int to) {
        int need = partialLength + to - from;
        if (partial == null || need > partial.length) {
            byte[] bigger = new byte[Math.max(128, Integer.highestOneBit(need) << 1)];
            if (partial != null) {
                System.arraycopy(partial, 0, bigger, 0, partialLength);
            }
            partial = bigger;
            partialView = ByteBuffer.wrap(bigger);
        }
        data.get(from, partial, partialLength, to - from);
        partialLength = need;
    }

    /** One line, bytes from to to of b (absolute), its LF gone; a CR before the LF is dropped. */
    private void lineDone(ByteBuffer b, int from, int to) throws MalformedAnswer {
        int end = to > from && b.get(to - 1) == '\r' ? to - 1 : to;
        switch (state) {
            case STATUS_LINE -> {
                int start = skipSpace(b, from, end);
                if (start == end) {
                    return; // blank lines before the status line are skipped, as the Netty decoder does
                }
                status = statusOf(b, start, stripEnd(b, start, end));
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (from == end) {
                    bodyStarts();
                } else {
                    header(b, from, end);
                }
            }
            case CHUNK_SIZE -> {
                int semicolon = indexOf(b, from, end, ';');
                int start = skipSpace(b, from, semicolon);
                remaining = chunkSize(b, start, stripEnd(b, start, semicolon));
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> {
                if (from == end) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException("no line expected in " + state);
        }
    }

    /** "HTTP/1.1 200 OK", white space stripped: the code; anything else is malformed. */
    private static int statusOf(ByteBuffer b, int from, int to) throws MalformedAnswer {
        if (to - from < HTTP_SLASH.length || !equalsIgnoreCase(b, from, from + HTTP_SLASH.length, HTTP_SLASH)) {
            throw new MalformedAnswer("not a status line: " + shortened(b, from, to));
        }
        int version = from + HTTP_SLASH.length;
        int sp = indexOf(b, version, to, ' ');
        int dot = indexOf(b, version, sp, '.');
        if (dot == sp || !digits(b, version, dot) || !digits(b, dot + 1, sp)) {
            throw new MalformedAnswer("bad HTTP version: " + shortened(b, from, to));
        }
        int code = skipSpace(b, Math.min(sp + 1, to), to);
        int codeEnd = indexOf(b, code, to, ' ');
        if (codeEnd - code != 3 || !digits(b, code, codeEnd)) {
            throw new MalformedAnswer("bad status code: " + shortened(b, from, to));
        }
        return (int) number(b, code, codeEnd);
    }

    private void header(ByteBuffer b, int from, int to) throws MalformedAnswer {
        byte first = b.get(from);
        if (first == ' ' || first == '\t') {
            return; // a folded continuation of the previous header
        }
        int colon = indexOf(b, from, to, ':');
        if (colon == from || colon == to) {
            throw new MalformedAnswer("header without a name: " + shortened(b, from, to));
        }
        int name = skipSpace(b, from, colon);
        int nameEnd = stripEnd(b, name, colon);
        int value = skipSpace(b, colon + 1, to);
        int valueEnd = stripEnd(b, value, to);
        if (equalsIgnoreCase(b, name, nameEnd, CONTENT_LENGTH)) {
            if (!digits(b, value, valueEnd) || valueEnd - value > 18) {
                throw new MalformedAnswer("bad Content-Length: " + shortened(b, value, valueEnd));
            }
            long n = number(b, value, valueEnd);
            if (contentLength >= 0 && contentLength != n) {
                throw new MalformedAnswer("two different Content-Length headers");
            }
            contentLength = n;
        } else if (equalsIgnoreCase(b, name, nameEnd, TRANSFER_ENCODING)) {
            chunked = valueEnd - value >= CHUNKED.length
                    && equalsIgnoreCase(b, valueEnd - CHUNKED.length, valueEnd, CHUNKED);
        }
    }

    /**
     * A chunk size (its extension and white space gone). Up to 15 hex digits (no overflow possible) are
     * read from the bytes; anything else, rare, goes to Long.parseLong as text, for its rules on a
     * sign, overflow and what is hex.
     */
    private static long chunkSize(ByteBuffer b, int from, int to) throws MalformedAnswer {
        if (to > from && to - from <= 15) {
            long size = 0;
            for (int i = from; i < to; i++) {
                int digit = Character.digit(b.get(i) & 0xff, 16);
                if (digit < 0) {
                    return chunkSize(text(b, from, to));
                }
                size = size << 4 | digit;
            }
            return size;
        }
        return chunkSize(text(b, from, to));
    }

    private static long chunkSize(String size) throws MalformedAnswer {
        long n;
        try {
            n = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw new MalformedAnswer("chunk size is not hex: " + size);
        }
        if (n < 0) {
            throw new MalformedAnswer("negative chunk size: " + size);
        }
        return n;
    }

    /** After the head: no body (1xx, 204, 304), chunks, a length, or everything up to the close. */
    private void bodyStarts() {
        if (status / 100 == 1 || status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.BODY_LENGTH;
        } else {
            state = State.BODY_TO_CLOSE;
        }
    }

    // The line helpers below work on absolute positions of b, from (inclusive) to to (exclusive), one
    // char per byte (ISO-8859-1), as String's strip, indexOf and equalsIgnoreCase would on the text.

    private static byte[] ascii(String lowerCase) {
        return lowerCase.getBytes(StandardCharsets.US_ASCII);
    }

    /** The first position of c, else to. */
    private static int indexOf(ByteBuffer b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b.get(i) == c) {
                return i;
            }
        }
        return to;
    }

    /** The first position that is not white space (as String.strip sees it), else to. */
    private static int skipSpace(ByteBuffer b, int from, int to) {
        int i = from;
        while (i < to && Character.isWhitespace(b.get(i) & 0xff)) {
            i++;
        }
        return i;
    }

    /** The end once trailing white space is gone, not before from. */
    private static int stripEnd(ByteBuffer b, int from, int to) {
        int i = to;
        while (i > from && Character.isWhitespace(b.get(i - 1) & 0xff)) {
            i--;
        }
        return i;
    }

    /** Whether the bytes are lowerCase, ASCII letters in any case. */
    private static boolean equalsIgnoreCase(ByteBuffer b, int from, int to, byte[] lowerCase) {
        if (to - from != lowerCase.length) {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++) {
            int c = b.get(from + i);
            if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    /** At least one byte, all of them 0-9. */
    private static boolean digits(ByteBuffer b, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (b.get(i) < '0' || b.get(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The decimal number of digits (at most 18: no overflow). */
    private static long number(ByteBuffer b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (b.get(i) - '0');
        }
        return n;
    }

    /** The text, for a message: only a malformed answer builds a String. */
    private static String text(ByteBuffer b, int from, int to) {
        byte[] bytes = new byte[to - from];
        b.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String shortened(ByteBuffer b, int from, int to) {
        return to - from <= 60 ? text(b, from, to) : text(b, from, from + 60) + "...";
    }

    /** What makes an answer malformed; ends the attempt as down. */
    private static final class MalformedAnswer extends Exception {
        MalformedAnswer(String why) {
            super(why, null, false, false);
        }
    }
}
