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
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.model.IpAddresses;

/**
 * Connect-only TCP attempts to one target (TCP_CHECK), cheap enough for tens of thousands of checks
 * a second. The lean path, for checks without fwmark or bind_if: a connect-only exchange on the
 * runtime's {@link ExchangeLoop}, over one {@link ProbeSocket} per checker (a raw non-blocking socket
 * kept between attempts: connect, look, reset; a reset is what a close with SO_LINGER 0 sends, so the
 * server sees the same handshake and RST). A connect that completes at once (a local server) ends on
 * the calling thread. fwmark and bind_if need socket options only the native transport sets, so those
 * checks keep the Netty path.
 */
public final class TcpConnector implements HealthChecker {
    private final Bootstrap bootstrap;
    private final ExchangeLoop loop;
    private final InetSocketAddress to;
    private final InetSocketAddress from;
    private final Duration timeout;
    private final ExchangeLoop.Exchange connectOnly;
    private final ProbeSocket socket;

    public TcpConnector(CheckRuntime runtime, CheckerSettings settings, CheckTarget target) {
        this.timeout = Targets.timeout(settings);
        this.to = Targets.destination(settings, target);
        this.from = Targets.source(settings);
        this.socket = new ProbeSocket(to, from);
        this.connectOnly = ExchangeLoop.Exchange.connectOnly(CheckResult.up("connected to " + IpAddresses.format(to)));
        boolean plain = settings.fwmark() == 0 && settings.bindInterface() == null;
        this.loop = plain ? runtime.exchangeLoop() : null;
        this.bootstrap = loop != null ? null : nettyBootstrap(runtime, settings);
    }

    /** The Netty path's connect setup, built once per checker that needs it (fwmark, bind_if, no exchange loop). */
    private Bootstrap nettyBootstrap(CheckRuntime runtime, CheckerSettings settings) {
        Bootstrap b = new Bootstrap()
                .group(runtime.eventLoops())
                .channel(runtime.socketChannelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.SO_LINGER, 0)
                .handler(Quiet.INSTANCE);
        ChannelAttempt.socketOptions(runtime, settings, b);
        return b;
    }

    /** One attempt: up when the connection opens within connect_timeout. */
    @Override
    public CompletableFuture<CheckResult> check() {
        if (loop != null) {
            return loop.start(socket, timeout.toNanos(), connectOnly);
        }
        ChannelAttempt attempt = ChannelAttempt.open(timeout);
        attempt.start(bootstrap, to, from, true);
        return attempt.result();
    }

    /** The checker is gone: its socket is closed (one still in the exchange loop is closed when handed back). */
    @Override
    public void close() {
        socket.close();
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
