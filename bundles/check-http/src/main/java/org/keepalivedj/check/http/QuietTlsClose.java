package org.keepalivedj.check.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;

/**
 * Closes a TLS connection without a close_notify alert, as keepalived's SSL_GET does unless
 * {@code tls_compliant} is set (its SSL_set_quiet_shutdown): sitting just behind the SslHandler,
 * it takes that handler out of the pipeline before the close reaches it, so nothing more is
 * written.
 */
final class QuietTlsClose extends ChannelOutboundHandlerAdapter {
    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null) {
            ctx.pipeline().remove(ssl);
        }
        ctx.close(promise);
    }
}
