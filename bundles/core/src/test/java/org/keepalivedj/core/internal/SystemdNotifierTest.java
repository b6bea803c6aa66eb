package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.netlink.UnixDatagramSocket;
import org.keepalivedj.testsupport.UnixDatagramReceiver;

/** sd_notify over a real AF_UNIX datagram socket, as systemd receives it. */
class SystemdNotifierTest {
    private static final long PID = ProcessHandle.current().pid();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @Test
    void nothingWithoutNotifySocket() {
        assertTrue(SystemdNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000"), PID)
                .isEmpty());
    }

    @Test
    void watchdogPingsAtHalfTheIntervalAndOnlyForThisProcess() {
        assertEquals(
                Duration.ofMillis(1500), SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "3000000"), PID));
        assertEquals(
                Duration.ofMillis(1500),
                SystemdNotifier.watchdogInterval(
                        Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", Long.toString(PID)), PID));
        assertNull(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "3000000", "WATCHDOG_PID", "1"), PID));
        assertNull(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "soon"), PID));
        assertNull(SystemdNotifier.watchdogInterval(Map.of(), PID));
    }

    @Test
    void socketAddressesArePathsOrAbstractNames() throws Exception {
        assertArrayEquals(new byte[] {1, 0, '/', 's', 0}, UnixDatagramSocket.sockaddr("/s"));
        assertArrayEquals(new byte[] {1, 0, 0, 'n'}, UnixDatagramSocket.sockaddr("@n"));
    }

    @Test
    void readyThenWatchdogPingsWhileHealthyThenStopping() throws Exception {
        String socketPath = tmp.resolve("notify").toString();
        AtomicBoolean healthy = new AtomicBoolean(true);
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(socketPath);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                                Map.of("NOTIFY_SOCKET", socketPath, "WATCHDOG_USEC", "200000"), PID)
                        .orElseThrow()) {
            notifier.ready("running 1 VRRP instance", healthy::get);

            String ready = systemd.receive(WAIT);
            assertNotNull(ready, "READY=1 sent");
            assertTrue(ready.startsWith("READY=1\n"), ready);
            assertTrue(ready.contains("MAINPID=" + PID), ready);
            for (int i = 0; i < 3; i++) {
                assertEquals("WATCHDOG=1", systemd.receive(WAIT), "watchdog ping " + (i + 1));
            }

            // Unhealthy: at most the ping already under way arrives, then none.
            healthy.set(false);
            String last = systemd.receive(Duration.ofSeconds(1));
            if (last != null) {
                assertEquals("WATCHDOG=1", last);
                assertNull(systemd.receive(Duration.ofSeconds(1)), "no ping while unhealthy");
            }

            notifier.stopping();
            assertEquals("STOPPING=1", systemd.receive(WAIT));
        }
    }

    @Test
    void abstractSocketNamesWork() throws Exception {
        String name = "@keepalivedj-test-" + PID + "-" + System.nanoTime();
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(name);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", name), PID)
                        .orElseThrow()) {
            notifier.ready("ok", () -> true);
            String ready = systemd.receive(WAIT);
            assertNotNull(ready);
            assertTrue(ready.startsWith("READY=1"), ready);
            notifier.stopping();
            assertEquals(
                    "STOPPING=1",
                    systemd.receive(WAIT),
                    "no watchdog without WATCHDOG_USEC: the next message is STOPPING");
        }
    }
}
