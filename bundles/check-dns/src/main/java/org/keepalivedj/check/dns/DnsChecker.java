package org.keepalivedj.check.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.check.support.ChannelAttempt;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.Targets;
import org.keepalivedj.config.checkers.DnsCheckSpec;

/**
 * One DNS_CHECK: a query of the block's type and name over UDP; up when the answer with our id comes
 * back NOERROR with at least one answer record. Replies with another id are dropped and counted.
 */
final class DnsChecker implements HealthChecker {
    private final CheckRuntime runtime;
    private final DnsCheckSpec spec;
    private final CheckTarget target;
    private final DnsRecordType type;

    DnsChecker(CheckRuntime runtime, DnsCheckSpec spec, CheckTarget target) {
        this.runtime = runtime;
        this.spec = spec;
        this.target = target;
        this.type = DnsRecordType.valueOf(spec.type());
    }

    @Override
    public CompletableFuture<CheckResult> check() {
        ChannelAttempt attempt = ChannelAttempt.open(Targets.timeout(spec.settings()));
        InetSocketAddress to = Targets.destination(spec.settings(), target);
        if (to.getPort() == 0) {
            to = new InetSocketAddress(to.getAddress(), 53);
        }
        InetSocketAddress server = to;
        int id = ThreadLocalRandom.current().nextInt(1, 0x10000);
        InetSocketAddress from = Targets.source(spec.settings());
        Bootstrap b = new Bootstrap()
                .group(runtime.eventLoops())
                .channel(runtime.datagramChannelType())
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        new DatagramDnsQueryEncoder(),
                                        new DatagramDnsResponseDecoder(),
                                        new Answer(attempt, id));
                    }
                });
        ChannelAttempt.socketOptions(runtime, spec.settings(), b);
        ChannelFuture f = b.bind(from != null ? from : new InetSocketAddress(0));
        attempt.attach(f.channel());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                attempt.finish(CheckResult.down("cannot open a UDP socket: " + ChannelAttempt.describe(done.cause())));
                return;
            }
            DatagramDnsQuery q = new DatagramDnsQuery(null, server, id);
            q.setRecursionDesired(true);
            q.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(spec.name(), type));
            f.channel().writeAndFlush(q).addListener(sent -> {
                if (!sent.isSuccess()) {
                    attempt.finish(CheckResult.down("query to " + IpAddresses.format(server) + " failed: "
                            + ChannelAttempt.describe(sent.cause())));
                }
            });
        });
        return attempt.result();
    }

    /** Judges replies: the first with our id ends the attempt; others and malformed ones are dropped and counted. */
    final class Answer extends SimpleChannelInboundHandler<DatagramDnsResponse> {
        private final ChannelAttempt attempt;
        private final int id;
        private int strays;

        Answer(ChannelAttempt attempt, int id) {
            this.attempt = attempt;
            this.id = id;
        }

        /** Replies dropped so far: another id, or bytes the decoder could not read. */
        int strays() {
            return strays;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsResponse r) {
            if (r.id() != id) {
                strays++;
                return;
            }
            String what = spec.type() + " " + spec.name();
            if (!DnsResponseCode.NOERROR.equals(r.code())) {
                attempt.finish(CheckResult.down(what + ": " + r.code().toString()));
            } else if (r.count(DnsSection.ANSWER) == 0) {
                attempt.finish(CheckResult.down(what + ": NOERROR without an answer"));
            } else {
                attempt.finish(CheckResult.up(what + ": " + r.count(DnsSection.ANSWER) + " answers"
                        + (strays > 0 ? " (" + strays + " stray replies dropped)" : "")));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A malformed reply: dropped and counted; the timeout decides if no good one comes.
            strays++;
        }
    }
}
