package org.keepalivedj.check.support;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.RawUnixChannelOption;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.IpAddresses;

/**
 * One check attempt over one channel. Completes exactly once: by the protocol handler
 * ({@link #finish}), by the timeout (connect_timeout covers the whole attempt, as in keepalived), by an
 * I/O error, or by the engine cancelling the future. Whichever comes first closes the channel.
 */
public final class ChannelAttempt {
    private final CompletableFuture<CheckResult> result = new CompletableFuture<>();
    private final Duration timeout;
    private volatile Channel channel;
    private volatile CheckResult onTimeout;
    private volatile ScheduledFuture<?> timer;

    private ChannelAttempt(Duration timeout) {
        this.timeout = timeout;
        this.onTimeout = CheckResult.down("timed out after " + timeout.toMillis() + " ms");
        result.whenComplete((r, e) -> {
            Channel c = channel;
            if (c != null) {
                c.close();
            }
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false); // thousands of checks a second: do not leave their timeouts queued
            }
        });
    }

    /**
     * Connects over TCP honouring connect_ip/port, bindto/bind_port, fwmark and connect_timeout.
     * handlers makes the protocol handlers for this attempt; with none, a connection is success.
     */
    public static CompletableFuture<CheckResult> tcp(
            CheckRuntime runtime,
            CheckerSettings settings,
            CheckTarget target,
            Function<ChannelAttempt, ChannelHandler[]> handlers) {
        ChannelAttempt attempt = new ChannelAttempt(Targets.timeout(settings));
        InetSocketAddress to = Targets.destination(settings, target);
        Bootstrap b = new Bootstrap()
                .group(runtime.eventLoops())
                .channel(runtime.socketChannelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, attempt.timeout.toMillis()))
                .option(ChannelOption.SO_LINGER, 0)
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelHandler[] hs = handlers == null ? new ChannelHandler[0] : handlers.apply(attempt);
                        ch.pipeline().addLast(hs);
                        ch.pipeline().addLast(new ErrorCatcher(attempt));
                    }
                });
        socketOptions(runtime, settings, b);
        attempt.start(b, to, Targets.source(settings), handlers == null);
        return attempt.result;
    }

    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;
    private static final int SO_MARK = 36;
    private static final int IFNAMSIZ = 16;
    private static final IntegerUnixChannelOption MARK = new IntegerUnixChannelOption("SO_MARK", SOL_SOCKET, SO_MARK);

    /**
     * fwmark (SO_MARK) and bind_if (SO_BINDTODEVICE) on the socket. Both need the native transport
     * and CAP_NET_ADMIN / CAP_NET_RAW; without the native transport they are ignored (logged once at start).
     */
    public static void socketOptions(CheckRuntime runtime, CheckerSettings settings, Bootstrap b) {
        if (!runtime.nativeTransport()) {
            return;
        }
        if (settings.fwmark() != 0) {
            b.option(MARK, settings.fwmark());
        }
        if (settings.bindInterface() != null) {
            byte[] name = settings.bindInterface().getBytes(StandardCharsets.US_ASCII);
            ByteBuffer buf = ByteBuffer.allocateDirect(Math.min(name.length + 1, IFNAMSIZ));
            buf.put(name, 0, buf.capacity() - 1).put((byte) 0).flip();
            b.option(new RawUnixChannelOption("SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE, buf.capacity()), buf);
        }
    }

    /** Starts an attempt over a channel the caller sets up (UDP checks). */
    public static ChannelAttempt open(Duration timeout) {
        return new ChannelAttempt(timeout);
    }

    /**
     * Connects: the socket is created on the calling thread, so it belongs to that thread's network
     * namespace (tests check from inside namespaces); registration and the connect run on an event loop.
     */
    void start(Bootstrap b, InetSocketAddress to, InetSocketAddress from, boolean connectIsSuccess) {
        ChannelFuture f;
        try {
            f = from == null ? b.connect(to) : b.connect(to, from);
        } catch (RuntimeException e) {
            finish(CheckResult.down("cannot connect to " + IpAddresses.format(to) + ": " + describe(e)));
            return;
        }
        // Registration is asynchronous: the channel may have no event loop yet; the timer goes on one of the group's.
        attach(f.channel(), b.config().group().next());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                finish(CheckResult.down("connect to " + IpAddresses.format(to) + " failed: " + describe(done.cause())));
            } else if (connectIsSuccess) {
                finish(CheckResult.up("connected to " + IpAddresses.format(to)));
            }
        });
    }

    /** Ties this attempt to a channel: closed when the attempt ends, timed out after the timeout. */
    public void attach(Channel c) {
        // Registration is asynchronous: a channel just created may have no event loop yet; any executor keeps time.
        attach(c, c.isRegistered() ? c.eventLoop() : io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);
    }

    private void attach(Channel c, io.netty.util.concurrent.EventExecutor timerLoop) {
        this.channel = c;
        if (result.isDone()) {
            c.close();
            return;
        }
        timer = timerLoop.schedule(() -> finish(onTimeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (result.isDone()) {
            timer.cancel(false);
        }
    }

    /** What the attempt ends with when the timeout comes first (down, unless silence is success). */
    public void onTimeout(CheckResult r) {
        this.onTimeout = r;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Ends the attempt with r (ignored when it has already ended). */
    public void finish(CheckResult r) {
        result.complete(r);
    }

    public boolean done() {
        return result.isDone();
    }

    public CompletableFuture<CheckResult> result() {
        return result;
    }

    /** An operator's words for an I/O failure. */
    public static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        if (t instanceof io.netty.channel.ConnectTimeoutException) {
            return "connection timed out";
        }
        if (t instanceof PortUnreachableException || c instanceof PortUnreachableException) {
            return "ICMP port unreachable";
        }
        if (t instanceof ConnectException || c instanceof ConnectException) {
            String m = String.valueOf(t.getMessage()).toLowerCase();
            return m.contains("refused") ? "connection refused" : String.valueOf(t.getMessage());
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (t instanceof ClosedChannelException) {
            return "connection closed";
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Last in every pipeline: an exception or an early close ends the attempt as down. */
    private static final class ErrorCatcher extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final ChannelAttempt attempt;

        ErrorCatcher(ChannelAttempt attempt) {
            this.attempt = attempt;
        }

        @Override
        public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
            attempt.finish(CheckResult.down(describe(cause)));
            ctx.close();
        }

        @Override
        public void channelInactive(io.netty.channel.ChannelHandlerContext ctx) {
            attempt.finish(CheckResult.down("connection closed by the server"));
        }
    }
}
