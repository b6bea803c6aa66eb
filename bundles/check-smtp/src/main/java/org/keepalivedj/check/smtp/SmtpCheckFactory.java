package org.keepalivedj.check.smtp;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.check.support.ChannelAttempt;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.CheckerFactory;
import org.keepalivedj.check.support.Targets;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.checkers.SmtpCheckSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** SMTP_CHECK, bound by the config module's built-in binder; the dialogue runs on the shared event loops. */
@Component(service = HealthCheckerFactory.class)
public class SmtpCheckFactory extends CheckerFactory {
    /** Longest SMTP reply line we read (RFC 5321 allows 512 octets). */
    private static final int MAX_LINE = 1024;

    @Activate
    public SmtpCheckFactory(@Reference CheckRuntime runtime) {
        super(runtime, BuiltinCheckers::bind, "SMTP_CHECK");
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        SmtpCheckSpec smtp = (SmtpCheckSpec) spec;
        String helo = smtp.heloName() != null ? smtp.heloName() : localName();
        InetSocketAddress to = Targets.destination(smtp.settings(), target);
        String server = "[" + IpAddresses.format(to.getAddress()) + "]:" + to.getPort();
        return () -> ChannelAttempt.tcp(runtime, smtp.settings(), target, attempt -> new ChannelHandler[] {
                    new LineBasedFrameDecoder(MAX_LINE), new SmtpDialogue(attempt, helo, server)
                })
                .thenApply(r -> SmtpDialogue.notConnected(r, server));
    }

    /** keepalived's default helo_name: this host's name. */
    private static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
