package org.keepalivedj.check.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.CheckerBlock;
import org.keepalivedj.api.model.Endpoint;
import org.keepalivedj.api.model.Origin;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.config.checkers.SmtpCheckSpec;

/** SMTP_CHECK against a real OpenSMTPD (Debian's opensmtpd, installed by .ci/run) on loopback. */
class OpenSmtpdCheckTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static Path dir;
    private static Process smtpd;
    private static List<ProcessHandle> children = List.of();
    private static int port;
    private static NettyCheckRuntime runtime;
    private static SmtpCheckFactory factory;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/smtpd")),
                "OpenSMTPD is not installed (apt-get install opensmtpd)");
        assumeTrue("root".equals(System.getProperty("user.name")), "smtpd starts as root");
        runtime = new NettyCheckRuntime(1, 1);
        factory = new SmtpCheckFactory(runtime);
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("kj-smtpd");
        Path conf = Files.writeString(
                dir.resolve("smtpd.conf"),
                "listen on 127.0.0.1 port " + port + "\n"
                        + "action \"local\" mbox\nmatch from local for local action \"local\"\n");
        smtpd = new ProcessBuilder("/usr/sbin/smtpd", "-d", "-f", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!check(500).up()) {
            assertTrue(
                    System.nanoTime() < deadline && smtpd.isAlive(),
                    "smtpd did not start: " + Files.readString(dir.resolve("log")));
        }
        children = smtpd.descendants().toList();
    }

    @AfterAll
    static void stop() throws Exception {
        if (smtpd != null) {
            smtpd.destroy();
            if (!smtpd.waitFor(10, TimeUnit.SECONDS)) {
                smtpd.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        if (runtime != null) {
            runtime.close();
        }
        if (dir != null) {
            Files.deleteIfExists(dir.resolve("smtpd.conf"));
            Files.deleteIfExists(dir.resolve("log"));
            Files.deleteIfExists(dir);
        }
    }

    private static CheckResult check(long timeoutMs) throws Exception {
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
                        new SmtpCheckSpec(Origin.NONE, s, "lb.example.test"),
                        new CheckTarget("vs", new Endpoint(LOOPBACK, port)))
                .check()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void realSmtpServerIsUp() throws Exception {
        CheckResult r = check(3000);
        assertTrue(r.up(), r.detail());
        assertTrue(Files.readString(dir.resolve("log")).contains("smtp connected"), "smtpd saw our connection");
    }

    /**
     * keepalived's sample form: host blocks, each its own dialogue with its own connect_ip,
     * connect_port (the real server's port when it has none) and connect_timeout (none: 0 s, as
     * keepalived 2.2.7 gives it), beside the block's own dialogue.
     */
    @Test
    void hostBlocksRunOneDialogueEachWithTheirOwnAddresses() throws Exception {
        int dead = port == 65535 ? 65534 : port + 1;
        String conf = """
                virtual_server 192.0.2.100 25 {
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 127.0.0.1 %d {
                        SMTP_CHECK {
                            connect_timeout 3
                            helo_name lb.example.test
                            host {
                                connect_ip 127.0.0.1
                                connect_timeout 3
                            }
                            host {
                                connect_ip 127.0.0.1
                                connect_port %d
                                connect_timeout 2
                            }
                            host {
                                connect_ip 127.0.0.1
                            }
                        }
                    }
                }
                """.formatted(port, dead);
        List<CheckerBlock> blocks = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(conf, "smtp-hosts.conf", dir)
                .config()
                .virtualServers()
                .values()
                .iterator()
                .next()
                .realServers()
                .values()
                .iterator()
                .next()
                .checkers();
        assertEquals(4, blocks.size());
        List<Boolean> up = new java.util.ArrayList<>();
        for (CheckerBlock b : blocks) {
            up.add(factory.create(b.spec(), new CheckTarget("vs", new Endpoint(LOOPBACK, port)))
                    .check()
                    .get(10, TimeUnit.SECONDS)
                    .up());
        }
        assertEquals(
                List.of(true, true, false, false),
                up,
                "own dialogue, first host, a host on a port nobody serves, a host with keepalived's 0 s timeout");
    }

    @Test
    void aConnectionToAnotherPortOfItsHostIsRefused() throws Exception {
        CheckerSettings s = new CheckerSettings(
                null,
                port == 65535 ? 65534 : port + 1,
                null,
                0,
                null,
                0,
                false,
                false,
                new CheckTiming(null, null, null, Duration.ofMillis(2000), null));
        CheckResult r = factory.create(
                        new SmtpCheckSpec(Origin.NONE, s, "lb"), new CheckTarget("vs", new Endpoint(LOOPBACK, port)))
                .check()
                .get(10, TimeUnit.SECONDS);
        assertFalse(r.up());
    }
}
