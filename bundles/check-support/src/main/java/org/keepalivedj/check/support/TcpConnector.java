package org.keepalivedj.check.support;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;

/**
 * Connect-only TCP attempts to one target (TCP_CHECK), cheap enough for tens of thousands of checks
 * a second: the Bootstrap, addresses and socket options are set up once per checker and every attempt
 * shares one stateless handler. The socket is created on the calling thread (its network namespace).
 */
public final class TcpConnector {
    private final Bootstrap bootstrap;
    private final InetSocketAddress to;
    private final InetSocketAddress from;
    private final Duration timeout;

    public TcpConnector(CheckRuntime runtime, CheckerSettings settings, CheckTarget target) {
        this.timeout = Targets.timeout(settings);
        this.to = Targets.destination(settings, target);
        this.from = Targets.source(settings);
        this.bootstrap = new Bootstrap().group(runtime.eventLoops()).channel(runtime.socketChannelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.SO_LINGER, 0)
                .handler(Quiet.INSTANCE);
        ChannelAttempt.socketOptions(runtime, settings, bootstrap);
    }

    /** One attempt: up when the connection opens within connect_timeout. */
    public CompletableFuture<CheckResult> attempt() {
        ChannelAttempt attempt = ChannelAttempt.open(timeout);
        attempt.start(bootstrap, to, from, true);
        return attempt.result();
    }

    /** The connect future carries the outcome; anything the channel raises afterwards just closes it. */
    @ChannelHandler.Sharable
    private static final class Quiet extends ChannelInboundHandlerAdapter {
        static final Quiet INSTANCE = new Quiet();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
