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
 */
final class HttpAnswer implements ExchangeLoop.Exchange {
    /** Longest status line plus headers read (a longer head is malformed). */
    private static final int MAX_HEAD = 64 * 1024;

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
    private final Consumer<UrlFetch.Answer> seen;
    private final MessageDigest md5;
    private final StringBuilder text;
    private State state = State.STATUS_LINE;
    private byte[] line = new byte[256];
    private int lineLength;
    private int headBytes;
    private boolean anything;
    private int status;
    private long contentLength = -1;
    private boolean chunked;
    private long remaining;
    private long length;

    /** @param wantsDigest compute the body's MD5 (a digest to compare, or genhash) */
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
        seen.accept(new UrlFetch.Answer(status, digest, length));
        String why = rule.verdict(status, digest, text == null ? null : text.toString());
        return why == null ? CheckResult.up("HTTP status " + status) : CheckResult.down(why);
    }

    private void step(ByteBuffer data) throws MalformedAnswer {
        switch (state) {
            case STATUS_LINE, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                if (readLine(data)) {
                    lineDone();
                }
            }
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
        if (md5 != null) {
            ByteBuffer part = data.slice(data.position(), n);
            md5.update(part);
        }
        data.position(data.position() + n);
    }

    /** Gathers bytes up to the end of a line (LF, its CR dropped); true once the line is whole. */
    private boolean readLine(ByteBuffer data) throws MalformedAnswer {
        while (data.hasRemaining()) {
            byte b = data.get();
            if (++headBytes > MAX_HEAD) {
                throw new MalformedAnswer("head or chunk lines longer than " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == line.length) {
                line = java.util.Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private void lineDone() throws MalformedAnswer {
        String s = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        lineLength = 0;
        switch (state) {
            case STATUS_LINE -> {
                if (s.isBlank()) {
                    return; // blank lines before the status line are skipped, as the Netty decoder does
                }
                status = statusOf(s.strip());
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (s.isEmpty()) {
                    bodyStarts();
                } else {
                    header(s);
                }
            }
            case CHUNK_SIZE -> {
                int semicolon = s.indexOf(';');
                String size = (semicolon < 0 ? s : s.substring(0, semicolon)).strip();
                try {
                    remaining = Long.parseLong(size, 16);
                } catch (NumberFormatException e) {
                    throw new MalformedAnswer("chunk size is not hex: " + size);
                }
                if (remaining < 0) {
                    throw new MalformedAnswer("negative chunk size: " + size);
                }
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> {
                if (s.isEmpty()) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException("no line expected in " + state);
        }
    }

    /** "HTTP/1.1 200 OK": the code; anything else is malformed. */
    private static int statusOf(String s) throws MalformedAnswer {
        int slash = 5;
        if (!s.regionMatches(true, 0, "HTTP/", 0, slash)) {
            throw new MalformedAnswer("not a status line: " + shortened(s));
        }
        int sp = s.indexOf(' ');
        String version = sp < 0 ? s.substring(slash) : s.substring(slash, sp);
        int dot = version.indexOf('.');
        if (dot <= 0 || !digits(version.substring(0, dot)) || !digits(version.substring(dot + 1))) {
            throw new MalformedAnswer("bad HTTP version: " + shortened(s));
        }
        String rest = sp < 0 ? "" : s.substring(sp + 1).stripLeading();
        int end = rest.indexOf(' ');
        String code = end < 0 ? rest : rest.substring(0, end);
        if (code.length() != 3 || !digits(code)) {
            throw new MalformedAnswer("bad status code: " + shortened(s));
        }
        return Integer.parseInt(code);
    }

    private void header(String s) throws MalformedAnswer {
        if (s.charAt(0) == ' ' || s.charAt(0) == '\t') {
            return; // a folded continuation of the previous header
        }
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new MalformedAnswer("header without a name: " + shortened(s));
        }
        String name = s.substring(0, colon).strip();
        String value = s.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("Content-Length")) {
            if (!digits(value) || value.length() > 18) {
                throw new MalformedAnswer("bad Content-Length: " + shortened(value));
            }
            long n = Long.parseLong(value);
            if (contentLength >= 0 && contentLength != n) {
                throw new MalformedAnswer("two different Content-Length headers");
            }
            contentLength = n;
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
            chunked = value.toLowerCase(java.util.Locale.ROOT).endsWith("chunked");
        }
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

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String shortened(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /** What makes an answer malformed; ends the attempt as down. */
    private static final class MalformedAnswer extends Exception {
        MalformedAnswer(String why) {
            super(why, null, false, false);
        }
    }
}
