package org.keepalivedj.check.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerContext;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.testsupport.Nginx;

/**
 * url options against a real nginx on loopback, bound from keepalived.conf text as a user writes them.
 *
 * <p>The regex family: every case of {@code src/test/resources/regex/cases.txt} must get the verdict
 * keepalived 2.2.7 gave on the same body ({@code body.txt}) served by the same nginx. Recipe of those
 * verdicts: in the user-mode-linux guest of bundles/ipvs ({@code src/test/uml/run-in-uml.sh WORKDIR
 * bash run.sh}), nginx serves body.txt on 10.9.0.2:8080 (a veth address); keepalived 2.2.7 runs one
 * real server 10.9.1.N per case, each with {@code alpha}, {@code retry 0} and an HTTP_GET whose url
 * is {@code path /body.txt} plus the case's keywords, connect_ip 10.9.0.2 connect_port 8080; after
 * 25 s, a case is {@code up} when {@code ipvsadm -Ln} lists its real server.
 *
 * <p>tls_compliant: keepalived closes SSL_GET connections without a close_notify alert (quiet
 * shutdown) and sends one with tls_compliant (2.2.8's keyword). A TCP relay between the checker
 * and a TLS 1.2 nginx (whose alert records are not hidden inside application data, as TLS 1.3's
 * are) counts the alert records the checker sends.
 */
class NginxUrlOptionsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static Path dir;
    private static Nginx nginx;
    private static int plainPort;
    private static int tlsPort;
    private static NettyCheckRuntime runtime;
    private static HttpCheckFactory factory;

    @BeforeAll
    static void start() throws Exception {
        Nginx.assumeAvailable();
        dir = Nginx.directory("kj-nginx-url", "a.test");
        try (InputStream body = NginxUrlOptionsTest.class.getResourceAsStream("/regex/body.txt")) {
            Files.write(dir.resolve("body.txt"), body.readAllBytes());
        }
        plainPort = Nginx.freePort();
        tlsPort = Nginx.freePort();
        nginx = Nginx.start(
                dir,
                d -> List.of(
                        "server { listen 127.0.0.1:" + plainPort + "; root " + d + "; default_type text/plain; }",
                        "server { listen 127.0.0.1:" + tlsPort + " ssl; ssl_protocols TLSv1.2; " + Nginx.tls(d)
                                + " location / { return 200 'tls'; } }"),
                Nginx.loopback(plainPort),
                Nginx.loopback(tlsPort));
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

    @TestFactory
    Stream<DynamicTest> eachRegexCaseGetsKeepalivedsVerdict() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        String cases;
        try (InputStream in = NginxUrlOptionsTest.class.getResourceAsStream("/regex/cases.txt")) {
            cases = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : cases.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\|", 3);
            String id = f[0].strip();
            boolean keepalivedUp = f[1].strip().equals("up");
            String keywords = String.join("\n", f[2].strip().split(";\\s*"));
            tests.add(DynamicTest.dynamicTest(id, () -> {
                CheckResult r = check("HTTP_GET", plainPort, "path /body.txt\n" + keywords, "");
                assertEquals(keepalivedUp, r.up(), id + ": " + r.detail());
            }));
        }
        assertTrue(tests.size() >= 40, "only " + tests.size() + " regex cases");
        return tests.stream();
    }

    @Test
    void sslGetClosesQuietlyUnlessTlsCompliant() throws Exception {
        assertEquals(0, alertsSentBy("path /", ""), "keepalived's quiet shutdown: no close_notify");
        assertTrue(alertsSentBy("path /", "tls_compliant") >= 1, "tls_compliant on the checker: close_notify");
        assertTrue(alertsSentBy("path /\ntls_compliant", "") >= 1, "tls_compliant on the url: close_notify");
    }

    /** Runs one SSL_GET through a relay to the TLS 1.2 site; returns the alert records the checker sent. */
    private static int alertsSentBy(String url, String checkerLines) throws Exception {
        try (ServerSocket relay = new ServerSocket(0, 1, LOOPBACK)) {
            AtomicInteger alerts = new AtomicInteger();
            Thread t = new Thread(() -> relayOnce(relay, alerts), "tls-relay");
            t.start();
            CheckResult r = check("SSL_GET", relay.getLocalPort(), url, checkerLines);
            assertTrue(r.up(), r.detail());
            t.join(TimeUnit.SECONDS.toMillis(20));
            assertTrue(!t.isAlive(), "the checker's connection ended");
            return alerts.get();
        }
    }

    /** Relays one connection to nginx; counts TLS records of type alert (21) from the client until it closes. */
    private static void relayOnce(ServerSocket relay, AtomicInteger alerts) {
        try (Socket client = relay.accept();
                Socket server = new Socket(LOOPBACK, tlsPort)) {
            Thread back = new Thread(() -> copy(server, client), "tls-relay-back");
            back.start();
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = server.getOutputStream();
            byte[] header = new byte[5];
            try {
                while (true) {
                    in.readFully(header);
                    byte[] body = new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)];
                    in.readFully(body);
                    if (header[0] == 21) {
                        alerts.incrementAndGet();
                    }
                    out.write(header);
                    out.write(body);
                    out.flush();
                }
            } catch (EOFException | java.net.SocketException closed) {
                // the checker closed its side
            }
            server.shutdownOutput();
            back.join(TimeUnit.SECONDS.toMillis(10));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException closed) {
            // either side went away
        }
    }

    private static CheckResult check(String kind, int port, String urlLines, String checkerLines) throws Exception {
        String conf = """
                virtual_server 192.0.2.100 80 {
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 127.0.0.1 %d {
                        %s {
                            connect_timeout 10
                %s
                            url {
                %s
                            }
                        }
                    }
                }
                """.formatted(port, kind, checkerLines, urlLines);
        CheckerSpec spec = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(conf, "url.conf", dir)
                .config()
                .virtualServers()
                .values()
                .iterator()
                .next()
                .realServers()
                .values()
                .iterator()
                .next()
                .checkers()
                .get(0)
                .spec();
        return factory.create(spec, new CheckTarget("vs", new Endpoint(LOOPBACK, port)), CheckerContext.NONE)
                .check()
                .get(20, TimeUnit.SECONDS);
    }
}
