package org.keepalivedj.example.redis;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.check.support.ChannelAttempt;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.CheckerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** REDIS_CHECK: sends PING (inline command) and expects +PONG. Binds its own blocks (RedisBinder). */
@Component(service = HealthCheckerFactory.class)
public class RedisCheckFactory extends CheckerFactory {
    static final String KEYWORD = "REDIS_CHECK";

    @Activate
    public RedisCheckFactory(@Reference CheckRuntime runtime) {
        super(runtime, RedisBinder::bind, KEYWORD);
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        return () -> ChannelAttempt.tcp(runtime, spec.settings(), target, attempt ->
                new ChannelHandler[] {new LineBasedFrameDecoder(512), new Ping(attempt)});
    }

    private static final class Ping extends SimpleChannelInboundHandler<ByteBuf> {
        private final ChannelAttempt attempt;

        Ping(ChannelAttempt attempt) {
            this.attempt = attempt;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.copiedBuffer("PING\r\n", StandardCharsets.US_ASCII));
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            String reply = line.toString(StandardCharsets.US_ASCII);
            attempt.finish(
                    "+PONG".equals(reply)
                            ? CheckResult.up("+PONG")
                            : CheckResult.down("redis answered " + reply.replaceAll("[^\\x20-\\x7e]", "?")));
        }
    }
}
