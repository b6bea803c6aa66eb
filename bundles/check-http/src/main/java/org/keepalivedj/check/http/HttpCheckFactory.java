package org.keepalivedj.check.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.checkers.HttpCheckSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** HTTP_GET and SSL_GET. Binding is the config module's; the checks run on the shared event loops. */
@Component(service = HealthCheckerFactory.class, property = "keepalived.checker=HTTP_GET,SSL_GET")
public class HttpCheckFactory implements HealthCheckerFactory {
    private static final HealthCheckerFactory BINDER = BuiltinCheckers.registry().find("HTTP_GET").orElseThrow();

    private final CheckRuntime runtime;
    private final SslContext ssl;

    @Activate
    public HttpCheckFactory(@Reference CheckRuntime runtime) {
        this.runtime = runtime;
        try {
            // Like keepalived, SSL_GET checks that the server answers over TLS, not who it is.
            this.ssl = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for SSL_GET: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> keywords() {
        return Set.of("HTTP_GET", "SSL_GET");
    }

    @Override
    public CheckerSpec bind(ConfigNode block, ProblemSink sink) {
        return BINDER.bind(block, sink);
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        HttpCheckSpec http = (HttpCheckSpec) spec;
        return new HttpChecker(runtime, http, target, "SSL_GET".equals(http.kind()) ? ssl : null);
    }
}
