package org.keepalivedj.check.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.keepalivedj.api.model.SslSettings;

/**
 * The client TLS contexts of SSL_GET, one per distinct root SSL block. With no block (or no ca),
 * the server's certificate is not verified, as keepalived does; with ca, its chain must lead to
 * that CA (the name is not checked: real servers are reached by address). certificate and key
 * (PKCS#8 PEM, encrypted when password is set) are presented when the server asks for a client
 * certificate.
 */
final class TlsSettings {
    private final Map<SslSettings, SslContext> contexts = new ConcurrentHashMap<>();
    private final SslContext insecure;

    TlsSettings() {
        try {
            insecure = base().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for SSL_GET: " + e.getMessage(), e);
        }
    }

    /** The context for this SSL block (null: none). Throws IllegalArgumentException naming the block on bad files. */
    SslContext contextFor(SslSettings ssl) {
        if (ssl == null || (ssl.ca() == null && ssl.certificate() == null && ssl.key() == null)) {
            return insecure;
        }
        // Origin takes no part in equality: the same files anywhere share one context.
        return contexts.computeIfAbsent(ssl, TlsSettings::build);
    }

    private static SslContext build(SslSettings ssl) {
        SslContextBuilder b = base();
        try {
            if (ssl.ca() != null) {
                b.trustManager(readable(ssl.ca(), "ca"));
            } else {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            if (ssl.certificate() != null || ssl.key() != null) {
                if (ssl.certificate() == null || ssl.key() == null) {
                    throw new IllegalArgumentException("SSL: certificate and key go together (only "
                            + (ssl.key() == null ? "certificate" : "key") + " is set)");
                }
                b.keyManager(readable(ssl.certificate(), "certificate"), readable(ssl.key(), "key"), ssl.password());
            }
            return b.build();
        } catch (SSLException | RuntimeException e) {
            if (e instanceof IllegalArgumentException
                    && Objects.toString(e.getMessage(), "").startsWith("SSL: ")) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException(
                    "SSL: cannot use ca " + ssl.ca() + ", certificate " + ssl.certificate() + ", key " + ssl.key()
                            + ": " + rootMessage(e),
                    e);
        }
    }

    private static SslContextBuilder base() {
        // Netty 4.2 clients check the host name by default; real servers are reached by address.
        return SslContextBuilder.forClient().endpointIdentificationAlgorithm(null);
    }

    private static File readable(String path, String keyword) {
        File f = new File(path);
        if (!f.canRead()) {
            throw new IllegalArgumentException("SSL: " + keyword + " " + path + " cannot be read");
        }
        return f;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
