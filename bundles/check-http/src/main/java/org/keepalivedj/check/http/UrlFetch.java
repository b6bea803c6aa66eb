package org.keepalivedj.check.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.BiConsumer;

/**
 * Sends one GET and reads the whole answer: status, MD5 of the body (streamed, as genhash computes
 * it) and, when a regex needs it, the first {@link UrlRules#REGEX_WINDOW} bytes as text.
 */
final class UrlFetch extends SimpleChannelInboundHandler<HttpObject> {
    /** The answer of one GET. */
    record Answer(int status, byte[] md5, String body, long length) {}

    private final DefaultFullHttpRequest request;
    private final boolean keepBody;
    private final BiConsumer<Answer, Throwable> done;
    private final MessageDigest md5;
    private final StringBuilder body = new StringBuilder();
    private int status = -1;
    private long length;

    UrlFetch(String path, String host, String protocol, boolean keepBody, BiConsumer<Answer, Throwable> done) {
        boolean http11 = "1.1".equals(protocol);
        this.request =
                new DefaultFullHttpRequest(http11 ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, host);
        request.headers().set(HttpHeaderNames.USER_AGENT, "KeepAliveClient");
        if (http11 || "1.0C".equals(protocol)) {
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        this.keepBody = keepBody;
        this.done = done;
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(request);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        // The decoder marks what it could not read (a bad status line or header, a chunk size that
        // is not hex, a body cut short) on the object it hands on, last content included.
        if (msg.decoderResult().isFailure()) {
            done.accept(
                    null,
                    new IllegalStateException("malformed HTTP answer: "
                            + msg.decoderResult().cause().getMessage()));
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse r) {
            status = r.status().code();
        }
        if (msg instanceof HttpContent c) {
            ByteBuf b = c.content();
            length += b.readableBytes();
            md5.update(b.nioBuffer());
            if (keepBody && body.length() < UrlRules.REGEX_WINDOW) {
                int n = Math.min(b.readableBytes(), UrlRules.REGEX_WINDOW - body.length());
                body.append(b.toString(b.readerIndex(), n, StandardCharsets.ISO_8859_1));
            }
            if (msg instanceof LastHttpContent) {
                done.accept(new Answer(status, md5.digest(), body.toString(), length), null);
                ctx.close();
            }
        }
    }
}
