package org.keepalivedj.check.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerContext;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.api.model.SslSettings;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.checkers.HttpCheckSpec;
import org.keepalivedj.testsupport.Nginx;

/**
 * HTTP_GET and SSL_GET against a real nginx (Debian's nginx-light, installed by .ci/run) on loopback,
 * with a test certificate made by openssl; the TLS site answers with the SNI name it was sent.
 */
class NginxCheckTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static Path dir;
    private static Nginx nginx;
    private static int plainPort;
    private static int tlsPort;
    private static int mutualPort;
    private static int namedPort;
    private static NettyCheckRuntime runtime;
    private static HttpCheckFactory factory;

    @BeforeAll
    static void start() throws Exception {
        Nginx.assumeAvailable();
        dir = Nginx.directory("kj-nginx", "a.test");
        makeCertificateAuthority();
        plainPort = Nginx.freePort();
        tlsPort = Nginx.freePort();
        mutualPort = Nginx.freePort();
        namedPort = Nginx.freePort();
        nginx = Nginx.start(
                dir,
                d -> List.of(
                        "server { listen 127.0.0.1:" + plainPort + "; location / { return 200 'plain site'; } "
                                + "location /gone { return 404; } }",
                        "server { listen 127.0.0.1:" + tlsPort + " ssl; " + Nginx.tls(d)
                                + " location / { return 200 'sni=$ssl_server_name'; } }",
                        // Client certificates required, signed by the test's own CA; the server's certificate is the
                        // CA's too.
                        "server { listen 127.0.0.1:" + mutualPort + " ssl; ssl_certificate " + d.resolve("srv.pem")
                                + "; ssl_certificate_key " + d.resolve("srv.key") + "; ssl_client_certificate "
                                + d.resolve("ca.pem") + "; ssl_verify_client on;"
                                + " location / { return 200 'client=$ssl_client_s_dn'; } }",
                        // name-based sites: a.example and b.example; any other Host gets the default's 404
                        "server { listen 127.0.0.1:" + namedPort + " default_server; return 404; }",
                        "server { listen 127.0.0.1:" + namedPort + "; server_name a.example; return 200 'site a'; }",
                        "server { listen 127.0.0.1:" + namedPort + "; server_name b.example; return 200 'site b'; }"),
                Nginx.loopback(plainPort),
                Nginx.loopback(tlsPort),
                Nginx.loopback(mutualPort),
                Nginx.loopback(namedPort));
        runtime = new NettyCheckRuntime(2, 1);
        factory = new HttpCheckFactory(runtime);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (nginx != null) {
            nginx.close();
        } else if (dir != null) {
            Nginx.deleteTree(dir);
        }
    }

    /** A CA, a server certificate and a client certificate it signed; the client key is encrypted (PKCS#8, password). */
    private static void makeCertificateAuthority() throws Exception {
        String d = dir.toString();
        Nginx.selfSigned("kj-test-ca", dir.resolve("ca.key"), dir.resolve("ca.pem"));
        for (String who : List.of("srv", "client")) {
            Nginx.run(
                    "/usr/bin/openssl",
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-subj",
                    "/CN=" + who + ".test",
                    "-keyout",
                    d + "/" + who + ".key",
                    "-out",
                    d + "/" + who + ".csr");
            Nginx.run(
                    "/usr/bin/openssl",
                    "x509",
                    "-req",
                    "-in",
                    d + "/" + who + ".csr",
                    "-CA",
                    d + "/ca.pem",
                    "-CAkey",
                    d + "/ca.key",
                    "-CAcreateserial",
                    "-days",
                    "2",
                    "-out",
                    d + "/" + who + ".pem");
        }
        Nginx.run(
                "/usr/bin/openssl",
                "pkcs8",
                "-topk8",
                "-v2",
                "aes-256-cbc",
                "-in",
                d + "/client.key",
                "-out",
                d + "/client-enc.key",
                "-passout",
                "pass:s3cret");
    }

    private static CheckResult check(
            String kind, int port, boolean sni, String sniName, String vhost, String digest, String path)
            throws Exception {
        return check(kind, port, sni, sniName, vhost, digest, path, CheckerContext.NONE);
    }

    private static CheckResult check(
            String kind,
            int port,
            boolean sni,
            String sniName,
            String vhost,
            String digest,
            String path,
            CheckerContext context)
            throws Exception {
        CheckerSettings s = new CheckerSettings(
                null,
                0,
                null,
                0,
                null,
                0,
                false,
                false,
                new CheckTiming(null, null, null, Duration.ofSeconds(10), null));
        HttpCheckSpec spec = new HttpCheckSpec(
                kind,
                Origin.NONE,
                s,
                vhost,
                "1.1",
                sni,
                sniName,
                false,
                false,
                List.of(new HttpCheckSpec.Url(
                        Origin.NONE, path, digest, List.of(), null, null, false, List.of(), 0, null, false)));
        return factory.create(spec, new CheckTarget("vs", new Endpoint(LOOPBACK, port)), context)
                .check()
                .get(20, TimeUnit.SECONDS);
    }

    /** keepalived's order: the url's virtualhost, the checker's, then the real or virtual server's (the target's). */
    @Test
    void theHostHeaderFollowsTheVirtualhostInheritance() throws Exception {
        String siteA = HttpCheckTest.md5("site a");
        String siteB = HttpCheckTest.md5("site b");
        assertFalse(named(null, null, null, siteA).up(), "no virtualhost anywhere: the default site's 404");
        assertTrue(named("a.example", null, null, siteA).up(), "the real or virtual server's");
        assertTrue(named("a.example", "b.example", null, siteB).up(), "the checker's before the server's");
        assertTrue(named("a.example", "b.example", "a.example", siteA).up(), "the url's before all");
    }

    private static CheckResult named(String targetHost, String checkerHost, String urlHost, String digest)
            throws Exception {
        CheckerSettings s = new CheckerSettings(
                null,
                0,
                null,
                0,
                null,
                0,
                false,
                false,
                new CheckTiming(null, null, null, Duration.ofSeconds(10), null));
        HttpCheckSpec spec = new HttpCheckSpec(
                "HTTP_GET",
                Origin.NONE,
                s,
                checkerHost,
                "1.1",
                false,
                null,
                false,
                false,
                List.of(new HttpCheckSpec.Url(
                        Origin.NONE, "/", digest, List.of(), urlHost, null, false, List.of(), 0, null, false)));
        return factory.create(
                        spec,
                        new CheckTarget("vs", new Endpoint(LOOPBACK, namedPort), 1, targetHost),
                        CheckerContext.NONE)
                .check()
                .get(20, TimeUnit.SECONDS);
    }

    @Test
    void httpGetAgainstNginx() throws Exception {
        assertTrue(check("HTTP_GET", plainPort, false, null, null, HttpCheckTest.md5("plain site"), "/")
                .up());
        CheckResult gone = check("HTTP_GET", plainPort, false, null, null, null, "/gone");
        assertFalse(gone.up());
        assertTrue(gone.detail().contains("HTTP status 404"), gone.detail());
    }

    @Test
    void sslGetWithAndWithoutSni() throws Exception {
        String siteA = HttpCheckTest.md5("sni=a.test");
        CheckResult plain = check("SSL_GET", tlsPort, false, null, null, HttpCheckTest.md5("sni="), "/");
        assertTrue(plain.up(), plain.detail());
        CheckResult noSni = check("SSL_GET", tlsPort, false, null, "a.test", siteA, "/");
        assertFalse(noSni.up(), "no SNI unless enable_sni");
        assertTrue(noSni.detail().contains("digest mismatch"), noSni.detail());
        assertTrue(check("SSL_GET", tlsPort, true, "a.test", null, siteA, "/").up());
        // enable_sni without sni_name uses the virtualhost.
        assertTrue(check("SSL_GET", tlsPort, true, null, "a.test", siteA, "/").up());
    }

    private static CheckerContext sslBlock(String password, String ca, String certificate, String key) {
        return new CheckerContext(
                new SslSettings(
                        Origin.at(new Location("keepalived.conf", 7, 1)),
                        password,
                        ca == null ? null : dir.resolve(ca).toString(),
                        certificate == null ? null : dir.resolve(certificate).toString(),
                        key == null ? null : dir.resolve(key).toString()),
                Map.of());
    }

    @Test
    void sslRootBlockPresentsTheClientCertificateAndVerifiesTheServer() throws Exception {
        CheckerContext full = sslBlock("s3cret", "ca.pem", "client.pem", "client-enc.key");
        CheckResult r =
                check("SSL_GET", mutualPort, false, null, null, HttpCheckTest.md5("client=CN=client.test"), "/", full);
        assertTrue(r.up(), r.detail());
        // The unencrypted key needs no password.
        assertTrue(check(
                        "SSL_GET",
                        mutualPort,
                        false,
                        null,
                        null,
                        null,
                        "/",
                        sslBlock(null, null, "client.pem", "client.key"))
                .up());
    }

    @Test
    void withoutAClientCertificateNginxRefuses() throws Exception {
        CheckResult r =
                check("SSL_GET", mutualPort, false, null, null, null, "/", sslBlock(null, "ca.pem", null, null));
        assertFalse(r.up(), r.detail());
        assertTrue(r.detail().contains("HTTP status 400"), r.detail());
    }

    @Test
    void aServerTheCaDidNotSignIsDown() throws Exception {
        // tlsPort's certificate is self-signed, not the CA's: with ca set, the handshake must fail.
        CheckResult r = check("SSL_GET", tlsPort, false, null, null, null, "/", sslBlock(null, "ca.pem", null, null));
        assertFalse(r.up(), r.detail());
        // Without ca, the same server is fine (keepalived does not verify either).
        assertTrue(check("SSL_GET", tlsPort, false, null, null, null, "/", sslBlock(null, null, null, null))
                .up());
    }

    @Test
    void aWrongPasswordOrMissingFileIsDownNamingTheSslBlock() throws Exception {
        CheckResult wrong = check(
                "SSL_GET",
                mutualPort,
                false,
                null,
                null,
                null,
                "/",
                sslBlock("wrong", "ca.pem", "client.pem", "client-enc.key"));
        assertFalse(wrong.up());
        assertTrue(
                wrong.detail().contains("keepalived.conf:7") && wrong.detail().contains("client-enc.key"),
                wrong.detail());
        CheckResult missing = check(
                "SSL_GET", mutualPort, false, null, null, null, "/", sslBlock(null, "no-such-ca.pem", null, null));
        assertFalse(missing.up());
        assertTrue(missing.detail().contains("ca ") && missing.detail().contains("no-such-ca.pem"), missing.detail());
    }

    @Test
    void sslGetToAPlainPortIsDown() throws Exception {
        CheckResult r = check("SSL_GET", plainPort, false, null, null, null, "/");
        assertFalse(r.up(), r.detail());
    }

    @Test
    void genhashOverTls() throws Exception {
        assertEquals(
                HttpCheckTest.md5("sni=a.test"), Genhash.digest(LOOPBACK, tlsPort, "/", null, true, "a.test", null));
    }
}
