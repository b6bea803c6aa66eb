package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.CheckerBlock;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.checkers.SmtpCheckSpec;

/**
 * SMTP_CHECK host blocks become one checker each beside the block's own, with the split of keywords
 * keepalived 2.2.7 makes (seen in its checker dump, {@code keepalived -d}, in the user-mode-linux
 * lab): connection keywords per host, timing keywords shared, a host's port defaulting to the real
 * server's.
 */
class SmtpHostBlocksTest {
    private static final String CONF = """
            virtual_server 192.0.2.100 25 {
                delay_loop 3
                lb_algo rr
                lb_kind NAT
                protocol TCP
                real_server 192.0.2.15 2525 {
                    SMTP_CHECK {
                        connect_timeout 8
                        connect_port 2600
                        retry 2
                        delay_before_retry 4
                        bindto 192.0.2.2
                        helo_name lb.example
                        host {
                            connect_ip 192.0.2.3
                            connect_port 2526
                            connect_timeout 3
                            retry 5
                            delay_before_retry 6
                            delay_loop 9
                        }
                        host {
                            connect_ip 192.0.2.4
                        }
                    }
                }
            }
            """;

    private static KeepalivedConfigLoader.Result load(String text) throws Exception {
        return Samples.loader().load(text, "t.conf", Path.of("."));
    }

    private static List<CheckerBlock> checkers(String text) throws Exception {
        return load(text)
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
    }

    @Test
    void eachHostIsItsOwnCheckerBesideTheBlocksOwn() throws Exception {
        List<CheckerBlock> c = checkers(CONF);
        assertEquals(3, c.size());
        CheckerSettings own = c.get(0).spec().settings();
        CheckerSettings first = c.get(1).spec().settings();
        CheckerSettings second = c.get(2).spec().settings();

        assertNull(own.connectIp());
        assertEquals(2600, own.connectPort());
        assertEquals(InetAddress.getByName("192.0.2.2"), own.bindTo());

        assertEquals(InetAddress.getByName("192.0.2.3"), first.connectIp());
        assertEquals(2526, first.connectPort());
        assertNull(first.bindTo(), "bindto is the block's own, not the hosts'");

        assertEquals(InetAddress.getByName("192.0.2.4"), second.connectIp());
        assertEquals(0, second.connectPort(), "a host's port defaults to the real server's, not the block's");

        // the timing written in the host block is the whole block's; connect_timeout is per host
        CheckTiming shared = new CheckTiming(5, Duration.ofSeconds(6), null, null, Duration.ofSeconds(9));
        assertEquals(withTimeout(shared, 8), own.timing());
        assertEquals(withTimeout(shared, 3), first.timing());
        assertEquals(
                new CheckTiming(5, Duration.ofSeconds(6), null, Duration.ofNanos(1000), Duration.ofSeconds(9)),
                second.timing(),
                "no connect_timeout of its own: keepalived 2.2.7's 0 s, the shortest there is");

        for (CheckerBlock b : c) {
            assertEquals("lb.example", ((SmtpCheckSpec) b.spec()).heloName());
            assertEquals("SMTP_CHECK", b.kind());
        }
        assertEquals(14, c.get(1).origin().location().line(), "a host's checker is reported at its host block");
    }

    @Test
    void noHostBlocksIsOneChecker() throws Exception {
        String one = CONF.replaceAll("(?s)\\s*host \\{.*?\\n\\s*}", "");
        assertEquals(1, checkers(one).size());
    }

    @Test
    void onlyAHostWithoutConnectTimeoutIsWarnedAbout() throws Exception {
        List<String> warnings = load(CONF).warnings().stream()
                .map(ConfigProblem::toString)
                .filter(w -> w.contains("host"))
                .toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("t.conf:22:"), warnings.get(0));
        assertTrue(warnings.get(0).contains("host block without connect_timeout"), warnings.get(0));
    }

    /**
     * A host block inside a host block is an unknown keyword to keepalived 2.2.7 (a warning); found by
     * LoadFuzzTest: it was carried into every host's checker, whose dump then reloaded as more checkers.
     */
    @Test
    void aHostInsideAHostIsWarnedAboutAndLeftOut() throws Exception {
        String nested =
                CONF.replace("connect_ip 192.0.2.4\n", "connect_ip 192.0.2.4\n host {\n connect_ip 192.0.2.5\n }\n");
        KeepalivedConfigLoader.Result r = load(nested);
        assertTrue(
                r.warnings().stream()
                        .anyMatch(w -> w.toString().startsWith("t.conf:24:")
                                && w.toString().contains("unknown keyword host")),
                r.warnings().toString());
        List<CheckerBlock> c = checkers(nested);
        assertEquals(3, c.size());
        for (CheckerBlock b : c) {
            assertTrue(b.block().children("host").isEmpty(), b.block().toString());
        }
        KeepalivedConfig again = load(ConfigDump.dump(r.config())).config();
        assertEquals(r.config(), again, "the dump reloads as the same config");
    }

    private static CheckTiming withTimeout(CheckTiming t, int seconds) {
        return new CheckTiming(t.retry(), t.delayBeforeRetry(), t.warmup(), Duration.ofSeconds(seconds), t.delayLoop());
    }
}
