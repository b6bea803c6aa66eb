package org.keepalivedj.check.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.checkers.HttpCheckSpec;

/**
 * HTTP_GET and SSL_GET against a real nginx (Debian's nginx-light, installed by .ci/run) on loopback,
 * with a test certificate made by openssl; the TLS site answers with the SNI name it was sent.
 */
class NginxCheckTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static Path dir;
    private static Process nginx;
    private static int plainPort;
    private static int tlsPort;
    private static NettyCheckRuntime runtime;
    private static HttpCheckFactory factory;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "nginx is not installed (apt-get install nginx-light)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "nginx is run as root here");
        dir = Files.createTempDirectory("kj-nginx");
        run("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=a.test",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString());
        plainPort = freePort();
        tlsPort = freePort();
        String tls = "ssl_certificate " + dir.resolve("cert.pem") + "; ssl_certificate_key " + dir.resolve("key.pem") + ";";
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "user root;", "pid " + dir.resolve("nginx.pid") + ";", "error_log " + dir.resolve("error.log") + ";",
                "events { worker_connections 64; }",
                "http {", "access_log off;",
                "client_body_temp_path " + dir + "/body; proxy_temp_path " + dir + "/proxy;",
                "fastcgi_temp_path " + dir + "/fcgi; uwsgi_temp_path " + dir + "/uwsgi; scgi_temp_path " + dir + "/scgi;",
                "server { listen 127.0.0.1:" + plainPort + "; location / { return 200 'plain site'; } "
                        + "location /gone { return 404; } }",
                "server { listen 127.0.0.1:" + tlsPort + " ssl; " + tls + " location / { return 200 'sni=$ssl_server_name'; } }",
                "}", ""));
        nginx = new ProcessBuilder("/usr/sbin/nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        awaitListening(plainPort);
        awaitListening(tlsPort);
        runtime = new NettyCheckRuntime(2, 1);
        factory = new HttpCheckFactory(runtime);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (nginx != null) {
            // SIGTERM lets the master stop its workers; SIGKILL would orphan them.
            List<ProcessHandle> workers = nginx.descendants().toList();
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
            workers.forEach(ProcessHandle::destroyForcibly);
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStreamNull.INSTANCE);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + " failed");
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket s = new Socket(LOOPBACK, port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !nginx.isAlive()) {
                    throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("stdout")));
                }
                Thread.sleep(50);
            }
        }
    }

    private static CheckResult check(String kind, int port, boolean sni, String sniName, String vhost, String digest,
                                     String path) throws Exception {
        CheckerSettings s = new CheckerSettings(null, 0, null, 0, null, 0, false, false,
                new CheckTiming(null, null, null, Duration.ofSeconds(10), null));
        HttpCheckSpec spec = new HttpCheckSpec(kind, Origin.NONE, s, vhost, "1.1", sni, sniName, false, false,
                List.of(new HttpCheckSpec.Url(Origin.NONE, path, digest, List.of(), null, null, false)));
        return factory.create(spec, new CheckTarget("vs", new Endpoint(LOOPBACK, port))).check().get(20, TimeUnit.SECONDS);
    }

    @Test
    void httpGetAgainstNginx() throws Exception {
        assertTrue(check("HTTP_GET", plainPort, false, null, null, HttpCheckTest.md5("plain site"), "/").up());
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

    @Test
    void sslGetToAPlainPortIsDown() throws Exception {
        CheckResult r = check("SSL_GET", plainPort, false, null, null, null, "/");
        assertFalse(r.up(), r.detail());
    }

    @Test
    void genhashOverTls() throws Exception {
        assertEquals(HttpCheckTest.md5("sni=a.test"), Genhash.digest(LOOPBACK, tlsPort, "/", null, true, "a.test", null));
    }
}
