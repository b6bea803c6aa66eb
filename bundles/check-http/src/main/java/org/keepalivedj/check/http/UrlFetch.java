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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.BiConsumer;

/**
 * Sends one GET and reads the whole answer: status and MD5 of the body (streamed, as genhash
 * computes it); {@link AnswerText} keeps the text a regex needs.
 */
final class UrlFetch extends SimpleChannelInboundHandler<HttpObject> {
    /** The answer of one GET. */
    record Answer(int status, byte[] md5, long length) {}

    private final DefaultFullHttpRequest request;
    private final BiConsumer<Answer, Throwable> done;
    private final MessageDigest md5;
    private int status = -1;
    private long length;

    UrlFetch(String path, String host, String protocol, BiConsumer<Answer, Throwable> done) {
        boolean http11 = "1.1".equals(protocol);
        this.request =
                new DefaultFullHttpRequest(http11 ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, host);
        request.headers().set(HttpHeaderNames.USER_AGENT, "KeepAliveClient");
        if (http11 || "1.0C".equals(protocol)) {
            request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
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
            if (msg instanceof LastHttpContent) {
                done.accept(new Answer(status, md5.digest(), length), null);
                ctx.close();
            }
        }
    }
}
