package org.keepalivedj.management.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.DynamicMBean;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.daemon.StateDump;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.management.DaemonMXBean;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Publishes the daemon as {@code keepalived:type=Daemon}. Registered as an OSGi service with a
 * {@code jmx.objectname} property: Karaf's JMX whiteboard turns it into an MBean. As a {@link
 * Daemon.LoadListener} service (core binds it) each reload becomes a notification.
 */
@Component(
        service = {DynamicMBean.class, Daemon.LoadListener.class},
        property = "jmx.objectname=" + DaemonMXBean.OBJECT_NAME)
public class DaemonMBean extends EmittingMBean implements DaemonMXBean, Daemon.LoadListener {

    @Reference
    private Daemon daemon;

    /** core's dumps: dump() returns the same JSON as keepalived's JSON file, plus the virtual servers. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StateDump stateDump;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LvsRuntime lvs;

    /** core's timer-thread watchdog. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.keepalivedj.api.daemon.Watchdog watchdog;

    public DaemonMBean() {
        super(DaemonMXBean.class, "keepalived.conf reloaded (or refused)", RELOAD);
    }

    DaemonMBean(Daemon daemon) {
        this();
        this.daemon = daemon;
    }

    @Override
    public void loaded(LoadResult result) {
        emit(RELOAD, "reload " + result.describe(), result.outcome().name());
    }

    @Override
    public String getVersion() {
        return daemon.version();
    }

    @Override
    public long getUptimeSeconds() {
        return Duration.between(daemon.startedAt(), java.time.Instant.now()).toSeconds();
    }

    @Override
    public String getStartedAt() {
        return daemon.startedAt().toString();
    }

    @Override
    public String getConfigFile() {
        return daemon.configPath().toString();
    }

    @Override
    public String getConfigId() {
        return daemon.configId();
    }

    @Override
    public boolean isHealthy() {
        var w = watchdog;
        return w == null || w.healthy();
    }

    @Override
    public String getLastStall() {
        var w = watchdog;
        return w == null
                ? ""
                : w.lastStall()
                        .map(s -> s.thread() + " stalled " + s.length().toMillis() + " ms, seen at " + s.seenAt()
                                + (s.ongoing() ? ", ongoing" : ", over"))
                        .orElse("");
    }

    @Override
    public long getLastStallMillis() {
        var w = watchdog;
        return w == null ? 0 : w.lastStall().map(s -> s.length().toMillis()).orElse(0L);
    }

    @Override
    public String getLastLoadTime() {
        return daemon.lastLoad().at().toString();
    }

    @Override
    public String getLastLoadResult() {
        return daemon.lastLoad().outcome().name();
    }

    @Override
    public String getLastLoadSummary() {
        return daemon.lastLoad().describe();
    }

    @Override
    public String[] getLastLoadErrors() {
        return daemon.lastLoad().errors().toArray(String[]::new);
    }

    @Override
    public String[] getLastLoadWarnings() {
        return daemon.lastLoad().warnings().toArray(String[]::new);
    }

    @Override
    public String getDataPlane() {
        LvsRuntime l = lvs;
        return l == null ? "none" : l.planeName();
    }

    @Override
    public String dump() {
        StateDump d = stateDump;
        return d == null ? "{\"vrrp\":[],\"virtual_servers\":[],\"data_plane\":\"none\"}" : d.json();
    }

    @Override
    public String reload() {
        return daemon.reload().describe();
    }

    @Override
    public String previewReload(String path) {
        return daemon.previewReload(pathOrRunning(path)).text();
    }

    @Override
    public String previewReloadJson(String path) {
        StateDump d = stateDump;
        if (d == null) {
            throw new IllegalStateException("the JSON writer (core's dumps) is not running");
        }
        return d.json(daemon.previewReload(pathOrRunning(path)));
    }

    private static Path pathOrRunning(String path) {
        return path == null || path.isBlank() ? null : Path.of(path);
    }

    @Override
    public String[] checkConfig(String path) {
        LoadResult result = daemon.checkConfig(Path.of(path));
        List<String> lines = new ArrayList<>(result.errors());
        lines.addAll(result.warnings());
        if (result.outcome() == LoadResult.Outcome.UNREADABLE) {
            lines.add(result.summary());
        }
        return lines.toArray(String[]::new);
    }
}
