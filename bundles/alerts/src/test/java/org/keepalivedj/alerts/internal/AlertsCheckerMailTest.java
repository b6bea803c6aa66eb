package org.keepalivedj.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.check.tcp.TcpCheckFactory;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.lvs.internal.LvsSubsystem;

/**
 * A real server with two real TCP_CHECKs (its own port and a second one) against real TCP servers on
 * loopback, mails through a real aiosmtpd. Without no_checker_emails every checker's change mails
 * (the subject keeps the server's state, the body names the checker's verdict); with it only the
 * server's own down and up.
 */
class AlertsCheckerMailTest {

    @ParameterizedTest(name = "no_checker_emails={0}")
    @ValueSource(booleans = {false, true})
    void eachCheckerChangeMailsUnlessNoCheckerEmails(boolean noCheckerEmails, @TempDir Path dir) throws Exception {
        ServerSocket first = listen(0);
        ServerSocket second = listen(0);
        int port = first.getLocalPort();
        int other = second.getLocalPort();
        try (SmtpSink sink = SmtpSink.start(dir.resolve("mail"));
                NettyCheckRuntime checks = new NettyCheckRuntime(1, 1)) {
            KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                    .load(
                            """
                    global_defs {
                      router_id LB_TEST
                      notification_email {
                        ops@example.com
                      }
                      notification_email_from keepalived@lb.example.com
                      smtp_server 127.0.0.1 %d
                      %s
                    }
                    virtual_server 192.0.2.1 80 {
                      protocol TCP
                      delay_loop 0.3
                      real_server 127.0.0.1 %d {
                        TCP_CHECK {
                          connect_timeout 1
                          retry 0
                        }
                        TCP_CHECK {
                          connect_port %d
                          connect_timeout 1
                          retry 0
                        }
                      }
                    }
                    """.formatted(sink.port(), noCheckerEmails ? "no_checker_emails" : "", port, other),
                            "lvs.conf",
                            dir)
                    .config();
            AlertsComponent alerts = new AlertsComponent(
                    new MailSender(100, MailSender.Retry.DEFAULT, new SmtpClient(ZoneOffset.UTC), new RecordingLog()),
                    "testhost");
            LvsSubsystem lvs = new LvsSubsystem();
            call(lvs, "activate");
            try {
                alerts.apply(config);
                lvs.bindListener(alerts.alerts());
                call(lvs, "addFactory", new TcpCheckFactory(checks));
                lvs.apply(config);
                RealServerView rs = lvs.virtualServer("192.0.2.1:80/tcp")
                        .orElseThrow()
                        .realServer("127.0.0.1:" + port)
                        .orElseThrow();
                Awaits.await(
                        () -> rs.checkers().stream().allMatch(c -> c.attempts() > 0) && rs.up(),
                        () -> "both checks up");

                second.close(); // the server goes down with its second check
                Awaits.await(() -> !rs.up(), () -> "server down");
                first.close(); // its first check too: the server stays down
                Awaits.await(() -> !rs.checkers().get(0).up(), () -> "first check down");
                first = listen(port); // the first check recovers, the server is still down
                Awaits.await(() -> rs.checkers().get(0).up(), () -> "first check up");
                second = listen(other); // the server comes back
                String down =
                        "[LB_TEST] Realserver [127.0.0.1]:tcp:" + port + " of virtual server [192.0.2.1]:tcp:80 - DOWN";
                String up =
                        "[LB_TEST] Realserver [127.0.0.1]:tcp:" + port + " of virtual server [192.0.2.1]:tcp:80 - UP";
                sink.awaitSubject(up);

                List<String> expected = noCheckerEmails
                        ? List.of(
                                down + " / => TCP CHECK failed on service <=",
                                up + " / => TCP CHECK succeed on service <=")
                        : List.of(
                                down + " / => TCP CHECK failed on service <=",
                                down + " / => TCP CHECK failed on service <=",
                                down + " / => TCP CHECK succeed on service <=",
                                up + " / => TCP CHECK succeed on service <=");
                // the server's UP is the last event: every earlier mail was queued and sent before it
                assertEquals(
                        expected,
                        sink.mails().stream()
                                .map(m -> m.subject() + " / " + m.body().strip())
                                .toList());
                assertEquals(0, alerts.getFailed());
            } finally {
                lvs.unbindListener(alerts.alerts());
                call(lvs, "deactivate");
                alerts.deactivate();
            }
        } finally {
            first.close();
            second.close();
        }
    }

    private static ServerSocket listen(int port) throws Exception {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return s;
    }

    /** LvsSubsystem's DS methods are package-private (SCR calls them); the test stands in for SCR. */
    private static void call(LvsSubsystem lvs, String name, Object... args) throws Exception {
        for (Method m : LvsSubsystem.class.getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                m.invoke(lvs, args);
                return;
            }
        }
        throw new NoSuchMethodException(name);
    }
}
