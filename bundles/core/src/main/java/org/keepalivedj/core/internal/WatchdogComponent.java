package org.keepalivedj.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.keepalivedj.api.daemon.Heartbeat;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.daemon.Watchdog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.LoggerFactory;

/**
 * The {@link Watchdog} service: watches the heartbeats of every subsystem's timer threads.
 * {@code watchdog.stallMillis} in etc/org.keepalivedj.cfg sets the stall limit (default 1500 ms).
 */
@Component(service = Watchdog.class, configurationPid = "org.keepalivedj", immediate = true)
public class WatchdogComponent implements Watchdog {
    static final long DEFAULT_STALL_MILLIS = 1500;

    private final List<Subsystem> subsystems = new CopyOnWriteArrayList<>();
    private TimerWatchdog watchdog;

    @Activate
    void activate(Map<String, Object> properties) {
        long limit = DEFAULT_STALL_MILLIS;
        Object configured = properties.get("watchdog.stallMillis");
        if (configured != null) {
            try {
                limit = Long.parseLong(configured.toString().trim());
            } catch (NumberFormatException e) {
                LoggerFactory.getLogger(WatchdogComponent.class)
                        .error(
                                "etc/org.keepalivedj.cfg: watchdog.stallMillis '{}' is not a number of milliseconds; using {}",
                                configured,
                                DEFAULT_STALL_MILLIS);
            }
        }
        watchdog = new TimerWatchdog(
                this::heartbeats, Duration.ofMillis(limit), Duration.ofMillis(Math.max(50, limit / 5)));
    }

    @Deactivate
    void deactivate() {
        watchdog.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSubsystem(Subsystem s) {
        subsystems.add(s);
    }

    void removeSubsystem(Subsystem s) {
        subsystems.remove(s);
    }

    private List<Heartbeat> heartbeats() {
        return subsystems.stream().flatMap(s -> s.heartbeats().stream()).toList();
    }

    @Override
    public boolean healthy() {
        return watchdog.healthy();
    }

    @Override
    public Optional<Stall> lastStall() {
        return watchdog.lastStall();
    }
}
