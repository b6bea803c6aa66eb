package org.keepalivedj.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.check.tcp.TcpCheckFactory;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.lvs.internal.LvsSubsystem;

/**
 * The real LVS subsystem with the real TCP_CHECK on Netty against a real TCP server on loopback;
 * stopping the server mails "Realserver ... - DOWN" and the lost quorum, starting it again mails UP,
 * through a real aiosmtpd.
 */
class AlertsRealServerTest {

    @Test
    void aRealServerGoingDownAndUpIsMailed(@TempDir Path dir) throws Exception {
        ServerSocket server = listen(0);
        int port = server.getLocalPort();
        try (SmtpSink sink = SmtpSink.start(dir.resolve("mail"));
                NettyCheckRuntime checks = new NettyCheckRuntime(1, 1)) {
            KeepalivedConfig config = KeepalivedConfigLoader.withBuiltinCheckers()
                    .load("""
                    global_defs {
                      router_id LB_TEST
                      notification_email {
                        ops@example.com
                      }
                      notification_email_from keepalived@lb.example.com
                      smtp_server 127.0.0.1 %d
                    }
                    virtual_server 192.0.2.1 80 {
                      protocol TCP
                      delay_loop 0.3
                      quorum 1
                      smtp_alert
                      real_server 127.0.0.1 %d {
                        TCP_CHECK {
                          connect_timeout 1
                          retry 0
                        }
                      }
                    }
                    """.formatted(sink.port(), port), "lvs.conf", dir)
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
                var rs = lvs.virtualServer("192.0.2.1:80/tcp")
                        .orElseThrow()
                        .realServer("127.0.0.1:" + port)
                        .orElseThrow();
                Awaits.await(() -> rs.checkers().get(0).attempts() > 0 && rs.up(), () -> "first check up");
                SmtpSink.Received start = sink.awaitSubject("[LB_TEST] Virtualserver [192.0.2.1]:tcp:80 - UP");
                assertEquals("=> Starting with quorum up 1+0=1 <= 1 <=\n", start.body());

                server.close();
                SmtpSink.Received down = sink.awaitSubject("[LB_TEST] Realserver [127.0.0.1]:tcp:" + port
                        + " of virtual server [192.0.2.1]:tcp:80 - DOWN");
                assertEquals("=> TCP CHECK failed on service <=\n", down.body());
                assertEquals("ops@example.com", down.header("To"));
                SmtpSink.Received lost = sink.awaitSubject("[LB_TEST] Virtualserver [192.0.2.1]:tcp:80 - DOWN");
                assertEquals("=> Lost quorum 1+0=1 <= 0 <=\n", lost.body());

                server = listen(port);
                SmtpSink.Received up = sink.awaitSubject(
                        "[LB_TEST] Realserver [127.0.0.1]:tcp:" + port + " of virtual server [192.0.2.1]:tcp:80 - UP");
                assertEquals("=> TCP CHECK succeed on service <=\n", up.body());
                sink.await(
                        r -> r.subject().equals("[LB_TEST] Virtualserver [192.0.2.1]:tcp:80 - UP")
                                && r.body().equals("=> Gained quorum 1+0=1 <= 1 <=\n"),
                        "gaining the quorum again");
                Awaits.await(() -> alerts.getSent() == 5, () -> "5 mails sent, have " + alerts.getSent());
                assertEquals(0, alerts.getFailed());
            } finally {
                lvs.unbindListener(alerts.alerts());
                call(lvs, "deactivate");
                alerts.deactivate();
            }
        } finally {
            server.close();
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
