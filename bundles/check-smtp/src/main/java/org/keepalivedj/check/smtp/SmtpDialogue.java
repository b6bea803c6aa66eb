package org.keepalivedj.check.smtp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.check.support.ChannelAttempt;

/**
 * keepalived's SMTP dialogue, one line at a time: the 220 banner, HELO and its 250, then QUIT. A
 * reply line "NNN-..." continues onto the next line; "NNN ..." ends the reply.
 */
final class SmtpDialogue extends SimpleChannelInboundHandler<io.netty.buffer.ByteBuf> {
    private enum Step {
        BANNER,
        HELO
    }

    private final ChannelAttempt attempt;
    private final String heloName;
    private Step step = Step.BANNER;

    SmtpDialogue(ChannelAttempt attempt, String heloName) {
        this.attempt = attempt;
        this.heloName = heloName;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, io.netty.buffer.ByteBuf frame) {
        String line = frame.toString(StandardCharsets.US_ASCII);
        if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
            attempt.finish(CheckResult.down("malformed SMTP reply: " + printable(line)));
            return;
        }
        if (line.length() > 3 && line.charAt(3) == '-') {
            return;
        }
        int code = Integer.parseInt(line.substring(0, 3));
        if (step == Step.BANNER) {
            if (code != 220) {
                attempt.finish(CheckResult.down("SMTP banner " + printable(line)));
                return;
            }
            step = Step.HELO;
            send(ctx, "HELO " + heloName);
        } else {
            if (code != 250) {
                attempt.finish(CheckResult.down("SMTP HELO answered " + printable(line)));
                return;
            }
            // Say goodbye, then the attempt is over: the server need not answer the QUIT.
            ctx.writeAndFlush(Unpooled.copiedBuffer("QUIT\r\n", StandardCharsets.US_ASCII))
                    .addListener(f -> attempt.finish(CheckResult.up("SMTP 220 and 250 to HELO " + heloName)));
        }
    }

    private static void send(ChannelHandlerContext ctx, String command) {
        ctx.writeAndFlush(Unpooled.copiedBuffer(command + "\r\n", StandardCharsets.US_ASCII));
    }

    private static String printable(String line) {
        String s = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
