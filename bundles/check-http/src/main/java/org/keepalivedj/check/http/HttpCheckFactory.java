package org.keepalivedj.check.http;

import io.netty.handler.ssl.SslContext;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerContext;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.CheckerFactory;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.checkers.HttpCheckSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** HTTP_GET and SSL_GET, bound by the config module's built-in binder; checks run on the shared event loops. */
@Component(service = HealthCheckerFactory.class)
public class HttpCheckFactory extends CheckerFactory {
    private final TlsSettings tls = new TlsSettings();

    @Activate
    public HttpCheckFactory(@Reference CheckRuntime runtime) {
        super(runtime, BuiltinCheckers::bind, "HTTP_GET", "SSL_GET");
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        return create(spec, target, CheckerContext.NONE);
    }

    /** SSL_GET uses the root SSL block: without one, it checks that the server speaks TLS, not who it is. */
    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target, CheckerContext context) {
        HttpCheckSpec http = (HttpCheckSpec) spec;
        if (!"SSL_GET".equals(http.kind())) {
            return new HttpChecker(runtime, http, target, null);
        }
        SslContext ssl;
        try {
            ssl = tls.contextFor(context.ssl());
        } catch (IllegalArgumentException bad) {
            // Every attempt reports the config problem; the operator sees it on the real server.
            String where =
                    context.ssl().origin() == null ? "" : context.ssl().origin().location() + ": ";
            return alwaysDown(where + bad.getMessage());
        }
        return new HttpChecker(runtime, http, target, ssl);
    }
}
