package org.keepalivedj.check.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.check.support.ChannelAttempt;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.Targets;
import org.keepalivedj.config.checkers.UdpCheckSpec;

/**
 * One UDP_CHECK: sends payload on a connected UDP socket. An ICMP error (port unreachable) is down.
 * With require_reply a reply must come within connect_timeout, within the length bounds and starting
 * with the required bytes; without it, silence until the timeout is up.
 */
final class UdpChecker implements HealthChecker {
    private final CheckRuntime runtime;
    private final UdpCheckSpec spec;
    private final CheckTarget target;
    private final byte[] payload;
    private final byte[] expected;

    UdpChecker(CheckRuntime runtime, UdpCheckSpec spec, CheckTarget target) {
        this.runtime = runtime;
        this.spec = spec;
        this.target = target;
        this.payload = hex(spec.payload());
        this.expected = hex(spec.replyPattern());
    }

    private static byte[] hex(String s) {
        return s == null ? new byte[0] : HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Override
    public CompletableFuture<CheckResult> check() {
        ChannelAttempt attempt = ChannelAttempt.open(Targets.timeout(spec.settings()));
        if (!spec.requireReply()) {
            attempt.onTimeout(
                    CheckResult.up("no ICMP error within " + attempt.timeout().toMillis() + " ms"));
        }
        InetSocketAddress to = Targets.destination(spec.settings(), target);
        InetSocketAddress from = Targets.source(spec.settings());
        Bootstrap b = new Bootstrap()
                .group(runtime.eventLoops())
                .channel(runtime.datagramChannelType())
                .handler(new Reply(attempt));
        ChannelAttempt.socketOptions(runtime, spec.settings(), b);
        ChannelFuture f;
        try {
            f = from == null ? b.connect(to) : b.connect(to, from);
        } catch (RuntimeException e) {
            attempt.finish(CheckResult.down("cannot open a UDP socket: " + ChannelAttempt.describe(e)));
            return attempt.result();
        }
        attempt.attach(f.channel());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                attempt.finish(CheckResult.down(
                        "UDP to " + IpAddresses.format(to) + " failed: " + ChannelAttempt.describe(done.cause())));
            } else {
                f.channel().writeAndFlush(Unpooled.wrappedBuffer(payload)).addListener(sent -> {
                    if (!sent.isSuccess()) {
                        attempt.finish(CheckResult.down("send to " + IpAddresses.format(to) + " failed: "
                                + ChannelAttempt.describe(sent.cause())));
                    }
                });
            }
        });
        return attempt.result();
    }

    /** Judges the first reply; an ICMP error arrives here as an exception. */
    private final class Reply extends SimpleChannelInboundHandler<DatagramPacket> {
        private final ChannelAttempt attempt;

        Reply(ChannelAttempt attempt) {
            this.attempt = attempt;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf data = packet.content();
            int n = data.readableBytes();
            if (n < spec.minReplyLength() || (spec.maxReplyLength() != 0 && n > spec.maxReplyLength())) {
                attempt.finish(CheckResult.down("reply of " + n + " bytes, outside " + spec.minReplyLength() + "-"
                        + (spec.maxReplyLength() == 0 ? "any" : spec.maxReplyLength())));
                return;
            }
            if (expected.length > 0
                    && (n < expected.length
                            || !ByteBufUtil.equals(
                                    data, data.readerIndex(), Unpooled.wrappedBuffer(expected), 0, expected.length))) {
                attempt.finish(CheckResult.down(
                        "reply does not start with " + HexFormat.of().formatHex(expected)));
                return;
            }
            attempt.finish(CheckResult.up("reply of " + n + " bytes"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            attempt.finish(CheckResult.down(ChannelAttempt.describe(cause)));
        }
    }
}
