package org.keepalivedj.check.dns;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.keepalivedj.config.checkers.DnsCheckSpec;

/** DNS_CHECK against a real dnsmasq (Debian's dnsmasq-base, installed by .ci/run) on loopback. */
class DnsCheckTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static NettyCheckRuntime runtime;
    private static DnsCheckFactory factory;
    private static Process dnsmasq;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/dnsmasq")),
                "dnsmasq is not installed (apt-get install dnsmasq-base)");
        assumeTrue("root".equals(System.getProperty("user.name")), "dnsmasq is run as root here");
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK);
                ServerSocket t = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        dnsmasq = new ProcessBuilder(
                        "/usr/sbin/dnsmasq",
                        "--keep-in-foreground",
                        "--conf-file=/dev/null",
                        "--port=" + port,
                        "--listen-address=127.0.0.1",
                        "--bind-interfaces",
                        "--no-resolv",
                        "--no-hosts",
                        "--user=root",
                        "--pid-file=",
                        "--local=/test/",
                        "--address=/www.good.test/192.0.2.7",
                        "--txt-record=txt.good.test,hello")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        runtime = new NettyCheckRuntime(1, 1);
        factory = new DnsCheckFactory(runtime);
        // Ready when it answers.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!check("A", "www.good.test", 300).up()) {
            assertTrue(System.nanoTime() < deadline && dnsmasq.isAlive(), "dnsmasq did not start");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (dnsmasq != null) {
            dnsmasq.destroy();
            if (!dnsmasq.waitFor(5, TimeUnit.SECONDS)) {
                dnsmasq.destroyForcibly();
            }
        }
    }

    private static CheckResult check(String type, String name, long timeoutMs) throws Exception {
        return check(type, name, timeoutMs, port);
    }

    private static CheckResult check(String type, String name, long timeoutMs, int to) throws Exception {
        CheckerSettings s = new CheckerSettings(
                null,
                0,
                null,
                0,
                null,
                0,
                false,
                false,
                new CheckTiming(null, null, null, Duration.ofMillis(timeoutMs), null));
        return factory.create(
                        new DnsCheckSpec(Origin.NONE, s, type, name), new CheckTarget("vs", new Endpoint(LOOPBACK, to)))
                .check()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void answeredQueriesAreUp() throws Exception {
        assertTrue(check("A", "www.good.test", 10_000).up());
        CheckResult txt = check("TXT", "txt.good.test", 10_000);
        assertTrue(txt.up(), txt.detail());
    }

    @Test
    void nxdomainIsDown() throws Exception {
        CheckResult r = check("A", "nothing.test", 10_000);
        assertFalse(r.up());
        assertTrue(r.detail().contains("NXDomain") || r.detail().contains("NXDOMAIN"), r.detail());
    }

    @Test
    void noAnswerIsDown() throws Exception {
        CheckResult r = check("MX", "www.good.test", 10_000);
        assertFalse(r.up());
        assertTrue(r.detail().contains("without an answer") || r.detail().contains("NXDomain"), r.detail());
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, LOOPBACK)) {
            CheckResult r = check("A", "www.good.test", 300, silent.getLocalPort());
            assertFalse(r.up());
            assertTrue(r.detail().contains("timed out"), r.detail());
        }
    }
}
