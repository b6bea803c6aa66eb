package org.keepalivedj.check.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first {@link UrlRules#REGEX_WINDOW} bytes of the answer as they came, status line and
 * headers included, one char per byte: keepalived 2.2.7 runs a url's regex over the whole answer
 * (seen in the user-mode-linux lab: {@code ^HTTP/1\.[01] 200} matches, {@code firstline} sees the
 * status line). Sits in front of the HTTP decoder and passes every buffer on untouched.
 */
final class AnswerText extends ChannelInboundHandlerAdapter {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b && text.length() < UrlRules.REGEX_WINDOW) {
            int n = Math.min(b.readableBytes(), UrlRules.REGEX_WINDOW - text.length());
            text.append(b.toString(b.readerIndex(), n, StandardCharsets.ISO_8859_1));
        }
        ctx.fireChannelRead(msg);
    }

    String text() {
        return text.toString();
    }
}
