package org.keepalivedj.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;
import org.keepalivedj.testsupport.UnixDatagramReceiver;

/**
 * The distribution under systemd's notify protocol, with the test in systemd's place: a real
 * AF_UNIX datagram socket named in NOTIFY_SOCKET receives READY=1 once the config runs in VRRP,
 * WATCHDOG=1 pings at half of WATCHDOG_USEC, and STOPPING=1 on SIGTERM.
 */
class SystemdNotifyIT {

    private static final String CONFIG = """
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 62
                priority 100
                virtual_ipaddress {
                    192.0.2.162/24
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    @RequiresRoot
    void readyWatchdogAndStoppingReachTheNotifySocket() throws Exception {
        Path socket = tmp.resolve("notify");
        try (NetLab lab = NetLab.create();
                UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(socket.toString())) {
            Netns ns = lab.node("sd", "192.0.2.62/24");
            Path conf = tmp.resolve("keepalived.conf");
            Files.writeString(conf, CONFIG);
            // 2 s watchdog: a ping every second.
            LaunchedNode node = LaunchedNode.startWithEnvironment(
                    ns,
                    tmp.resolve("data"),
                    Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "2000000"),
                    "-f",
                    conf.toString());

            String ready = systemd.receive(Duration.ofSeconds(180));
            assertNotNull(ready, "READY=1 within 180 s");
            assertTrue(ready.startsWith("READY=1\n"), ready);
            assertTrue(ready.contains("MAINPID=" + node.pid()), "the JVM is the main process: " + ready);
            assertTrue(ready.contains("STATUS=running"), ready);
            Path log = node.data().resolve("log/keepalived.log");
            Awaits.until(
                    "the log says the config was applied before READY",
                    30_000,
                    () -> Files.readString(log).contains("Configuration applied to"));

            List<String> pings = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                pings.add(systemd.receive(Duration.ofSeconds(30)));
            }
            assertEquals(List.of("WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"), pings);

            long pid = node.pid(); // before the stop: a stopping daemon removes its pid file
            node.signal("TERM");
            String message;
            do {
                message = systemd.receive(Duration.ofSeconds(60));
            } while ("WATCHDOG=1".equals(message));
            assertEquals("STOPPING=1", message);
            Awaits.until(
                    "keepalived-j stopped",
                    60_000,
                    () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
    }
}
