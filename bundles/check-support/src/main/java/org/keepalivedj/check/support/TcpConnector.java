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
 * a second. The socket is created on the calling thread (its network namespace). The lean path, for
 * checks without fwmark or bind_if: a plain non-blocking socket (the target's family, SO_LINGER 0 so
 * the close is a reset and leaves no TIME_WAIT), connected by the caller; a connect that completes at
 * once (a local server) ends there, any other is finished by the runtime's {@link ConnectLoop}. About
 * half the system calls of a Netty channel and no hand-off between threads. fwmark and bind_if need
 * socket options only the native transport sets, so those checks keep the Netty path.
 */
public final class TcpConnector {
    private final Bootstrap bootstrap;
    private final ConnectLoop loop;
    private final InetSocketAddress to;
    private final InetSocketAddress from;
    private final Duration timeout;
    private final java.net.ProtocolFamily family;

    public TcpConnector(CheckRuntime runtime, CheckerSettings settings, CheckTarget target) {
        this.timeout = Targets.timeout(settings);
        this.to = Targets.destination(settings, target);
        this.from = Targets.source(settings);
        this.family = to.getAddress() instanceof java.net.Inet6Address ? java.net.StandardProtocolFamily.INET6
                : java.net.StandardProtocolFamily.INET;
        boolean plain = settings.fwmark() == 0 && settings.bindInterface() == null;
        this.loop = plain ? runtime.connectLoop() : null;
        this.bootstrap = new Bootstrap().group(runtime.eventLoops()).channel(runtime.socketChannelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.SO_LINGER, 0)
                .handler(Quiet.INSTANCE);
        ChannelAttempt.socketOptions(runtime, settings, bootstrap);
    }

    /** One attempt: up when the connection opens within connect_timeout. */
    public CompletableFuture<CheckResult> attempt() {
        if (loop != null) {
            return leanAttempt();
        }
        ChannelAttempt attempt = ChannelAttempt.open(timeout);
        attempt.start(bootstrap, to, from, true);
        return attempt.result();
    }

    private CompletableFuture<CheckResult> leanAttempt() {
        java.nio.channels.SocketChannel channel = null;
        try {
            channel = java.nio.channels.SocketChannel.open(family);
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            if (from != null) {
                channel.bind(from);
            }
            if (channel.connect(to) || channel.finishConnect()) {
                channel.close();
                return CompletableFuture.completedFuture(CheckResult.up("connected to " + to));
            }
            return loop.await(channel, to, timeout.toNanos());
        } catch (java.io.IOException | RuntimeException e) {
            closeQuietly(channel);
            return CompletableFuture.completedFuture(
                    CheckResult.down("connect to " + to + " failed: " + ChannelAttempt.describe(e)));
        }
    }

    private static void closeQuietly(java.nio.channels.SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (java.io.IOException e) {
                // the attempt has failed already; a failed close changes nothing
            }
        }
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
