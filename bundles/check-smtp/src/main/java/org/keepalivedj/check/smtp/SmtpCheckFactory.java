package org.keepalivedj.check.smtp;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.check.support.ChannelAttempt;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.checkers.SmtpCheckSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** SMTP_CHECK. Binding is the config module's; the dialogue runs on the shared event loops. */
@Component(service = HealthCheckerFactory.class, property = "keepalived.checker=SMTP_CHECK")
public class SmtpCheckFactory implements HealthCheckerFactory {
    private static final HealthCheckerFactory BINDER = BuiltinCheckers.registry().find("SMTP_CHECK").orElseThrow();
    /** Longest SMTP reply line we read (RFC 5321 allows 512 octets). */
    private static final int MAX_LINE = 1024;

    private final CheckRuntime runtime;

    @Activate
    public SmtpCheckFactory(@Reference CheckRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Set<String> keywords() {
        return Set.of("SMTP_CHECK");
    }

    @Override
    public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return BINDER.bind(block, sink);
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        SmtpCheckSpec smtp = (SmtpCheckSpec) spec;
        String helo = smtp.heloName() != null ? smtp.heloName() : localName();
        return () -> ChannelAttempt.tcp(runtime, smtp.settings(), target, attempt -> new ChannelHandler[] {
                new LineBasedFrameDecoder(MAX_LINE), new SmtpDialogue(attempt, helo)});
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
