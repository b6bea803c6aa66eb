package org.keepalivedj.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.keepalivedj.netlink.UnixDatagramSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's notify protocol for a Type=notify service: READY=1 once the configuration is applied,
 * WATCHDOG=1 every half of WATCHDOG_USEC while the daemon is healthy, STOPPING=1 on stop. Does
 * nothing when systemd did not ask for it (no NOTIFY_SOCKET).
 */
final class SystemdNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    private final UnixDatagramSocket socket;
    private final Duration watchdogInterval;
    private ScheduledExecutorService watchdog;
    private boolean ready;
    private boolean loggedFailure;
    private boolean withheld;

    private SystemdNotifier(UnixDatagramSocket socket, Duration watchdogInterval) {
        this.socket = socket;
        this.watchdogInterval = watchdogInterval;
    }

    /** From systemd's environment (NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID); empty when not run by systemd. */
    static Optional<SystemdNotifier> fromEnvironment(Map<String, String> env, long pid) {
        String target = env.get("NOTIFY_SOCKET");
        if (target == null || target.isBlank()) {
            return Optional.empty();
        }
        try {
            UnixDatagramSocket socket = UnixDatagramSocket.connectTo(target);
            Duration interval = watchdogInterval(env, pid);
            LOG.info(
                    "systemd notify socket {}{}",
                    target,
                    interval == null ? "" : ", watchdog ping every " + interval.toMillis() + " ms");
            return Optional.of(new SystemdNotifier(socket, interval));
        } catch (RuntimeException | LinkageError e) {
            // an unusable name, no socket, or (LinkageError) no native support in this JVM
            LOG.warn("systemd asked for notifications on {} but they cannot be sent: {}", target, e.toString());
            return Optional.empty();
        }
    }

    /** Half of WATCHDOG_USEC (systemd's advice), or null when there is no watchdog for this process. */
    static Duration watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String watchdogPid = env.get("WATCHDOG_PID");
        if (usec == null || usec.isBlank()) {
            return null;
        }
        if (watchdogPid != null && !watchdogPid.isBlank() && !watchdogPid.trim().equals(Long.toString(pid))) {
            return null;
        }
        try {
            long micros = Long.parseLong(usec.trim());
            return micros <= 0 ? null : Duration.ofNanos(micros * 1000 / 2);
        } catch (NumberFormatException e) {
            LOG.warn("WATCHDOG_USEC '{}' is not a number: no watchdog pings", usec);
            return null;
        }
    }

    /** READY=1, once; then the watchdog pings start, each only while {@code healthy} says so. */
    synchronized void ready(String status, BooleanSupplier healthy) {
        if (ready) {
            return;
        }
        ready = true;
        send("READY=1\nSTATUS=" + status + "\nMAINPID="
                + ProcessHandle.current().pid());
        if (watchdogInterval != null) {
            watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "keepalived-systemd-watchdog");
                t.setDaemon(true);
                return t;
            });
            long period = watchdogInterval.toNanos();
            watchdog.scheduleAtFixedRate(() -> ping(healthy.getAsBoolean()), 0, period, TimeUnit.NANOSECONDS);
        }
    }

    /** One watchdog tick: a ping while healthy; none while not (systemd restarts us when WatchdogSec passes without one). */
    private synchronized void ping(boolean healthy) {
        if (healthy) {
            if (withheld) {
                LOG.info("Daemon healthy again: systemd watchdog pings resume");
                withheld = false;
            }
            send("WATCHDOG=1");
        } else if (!withheld) {
            LOG.warn("Daemon not healthy: systemd watchdog pings withheld");
            withheld = true;
        }
    }

    synchronized boolean isReady() {
        return ready;
    }

    synchronized void status(String status) {
        send("STATUS=" + status);
    }

    /** STOPPING=1 and no more pings. */
    synchronized void stopping() {
        stopWatchdog();
        send("STOPPING=1");
    }

    @Override
    public synchronized void close() {
        stopWatchdog();
        socket.close();
    }

    private void stopWatchdog() {
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
    }

    private synchronized void send(String message) {
        try {
            socket.send(message);
        } catch (RuntimeException e) {
            if (!loggedFailure) {
                loggedFailure = true;
                LOG.warn("systemd notification failed (logged once): {}", e.getMessage());
            }
        }
    }
}
