package org.keepalivedj.check.smtp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.nio.charset.StandardCharsets;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.check.support.ChannelAttempt;

/**
 * keepalived's SMTP dialogue, one line at a time: the 220 banner, HELO and its 250, then QUIT. A
 * reply line "NNN-..." continues onto the next line; "NNN ..." ends the reply. A failure's detail
 * is keepalived 2.2.7's sentence for it (its log line and its alert mail carry it), observed with
 * servers that refuse, never answer, or answer the banner or HELO with an error.
 */
final class SmtpDialogue extends SimpleChannelInboundHandler<io.netty.buffer.ByteBuf> {
    private enum Step {
        BANNER,
        HELO
    }

    private final ChannelAttempt attempt;
    private final String heloName;
    private final String server;
    private Step step = Step.BANNER;
    /** The code of the reply being read (its first line's; 0 once a line disagrees); -1 between replies. */
    private int replyCode = -1;

    /** @param server the server as keepalived names it, {@code [192.0.2.1]:25} */
    SmtpDialogue(ChannelAttempt attempt, String heloName, String server) {
        this.attempt = attempt;
        this.heloName = heloName;
        this.server = server;
        attempt.onTimeout(CheckResult.down("Connection timeout to server " + server));
    }

    /** Connected: from now on a timeout is the server's silence. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        attempt.onTimeout(CheckResult.down("Read timeout from server " + server));
        super.channelActive(ctx);
    }

    /** keepalived's sentence for a connection that could not be made; other results as they are. */
    static CheckResult notConnected(CheckResult r, String server) {
        if (r.up() || !(r.detail().startsWith("connect to ") || r.detail().startsWith("cannot connect to "))) {
            return r;
        }
        boolean timedOut = r.detail().contains("timed out");
        return CheckResult.down((timedOut ? "Connection timeout to server " : "Could not connect to server ") + server);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, io.netty.buffer.ByteBuf frame) {
        String line = frame.toString(StandardCharsets.US_ASCII);
        if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
            attempt.finish(CheckResult.down(
                    (step == Step.BANNER ? "Bad greeting banner from server " : "Bad HELO response from server ")
                            + server));
            return;
        }
        // every line of a multi-line reply must carry the same code (RFC 5321 4.2.1)
        int code = Integer.parseInt(line.substring(0, 3));
        if (replyCode < 0) {
            replyCode = code;
        } else if (code != replyCode) {
            replyCode = 0;
        }
        if (line.length() > 3 && line.charAt(3) == '-') {
            return;
        }
        code = replyCode;
        replyCode = -1;
        if (step == Step.BANNER) {
            if (code != 220) {
                attempt.finish(CheckResult.down("Bad greeting banner from server " + server));
                return;
            }
            step = Step.HELO;
            send(ctx, "HELO " + heloName);
        } else {
            if (code != 250) {
                attempt.finish(CheckResult.down("Bad HELO response from server " + server));
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
}
