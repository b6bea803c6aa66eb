package org.keepalivedj.core.internal.dump;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.keepalivedj.api.daemon.StateDump;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's dumps: SIGUSR1 writes the data file, SIGUSR2 the stats file, SIGRTMIN+2 (keepalived
 * --signum=JSON, 36) the JSON file and SIGRTMAX-1 (--signum=STATS_CLEAR, 63) the stats file and then
 * clears the counters. A subsystem so that each valid config tells it where the files go; the Daemon
 * MBean's dump() reads {@link #json()}, so files and MBean come from the same code.
 */
@Component(
        service = {StateDump.class, Subsystem.class},
        immediate = true)
public class StateDumpService implements StateDump, Subsystem {
    /** keepalived --signum=JSON here: SIGRTMIN (34 with glibc) + 2. */
    public static final int JSON_SIGNAL = 36;
    /** keepalived --signum=STATS_CLEAR here: SIGRTMAX (64) - 1. */
    public static final int STATS_CLEAR_SIGNAL = 63;
    /** Runs after the management views, so a reload has reached everything a dump reads. */
    static final int ORDER_DUMPS = 95;
    /** HotSpot's thread suspend/resume signal on Linux is SIGUSR2 unless this moves it (bin/keepalived does). */
    static final String SR_SIGNUM_ENV = "_JAVA_SR_SIGNUM";

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile VrrpRuntime vrrp;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LvsRuntime lvs;

    private final StatsBaseline baseline = new StatsBaseline();
    private volatile GlobalDefs globals;
    private volatile DumpFiles files = DumpFiles.DEFAULTS;
    private ExecutorService writer;
    private volatile SignalHandlers signals;

    public StateDumpService() {}

    /** Without OSGi (tests). */
    StateDumpService(VrrpRuntime vrrp, LvsRuntime lvs) {
        this.vrrp = vrrp;
        this.lvs = lvs;
    }

    @Activate
    void activate() {
        // Handlers must return at once: one thread writes the files, in the order the signals came.
        writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "keepalived-dump");
            t.setDaemon(true);
            return t;
        });
        signals = new SignalHandlers();
        signals.handle("USR1", () -> onSignal("data", this::writeData));
        if (srSignalMoved(System.getenv(SR_SIGNUM_ENV))) {
            signals.handle("USR2", () -> onSignal("stats", this::writeStats));
        } else {
            LOG.warn(
                    "SIGUSR2 (stats dump) not handled: it is this JVM's thread suspend/resume signal; "
                            + "bin/keepalived moves that with {} (set it to a free real-time signal, e.g. 50)",
                    SR_SIGNUM_ENV);
        }
        signals.handle(JSON_SIGNAL, "RTMIN+2", () -> onSignal("json", this::writeJson));
        signals.handle(STATS_CLEAR_SIGNAL, "RTMAX-1", () -> onSignal("stats and clearing", this::writeStatsAndClear));
    }

    @Deactivate
    void deactivate() {
        if (signals != null) {
            signals.close();
        }
        if (writer != null) {
            writer.shutdown();
        }
    }

    /** The signal numbers this service handles now (tests send only those). */
    java.util.Set<Integer> handledSignals() {
        SignalHandlers s = signals;
        return s == null ? java.util.Set.of() : s.handled();
    }

    static boolean srSignalMoved(String env) {
        return env != null && !env.isBlank() && !env.trim().equals("12");
    }

    private void onSignal(String what, Runnable write) {
        try {
            writer.execute(() -> {
                LOG.info(
                        "Printing VRRP {} for process({}) on signal",
                        what,
                        ProcessHandle.current().pid());
                write.run();
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("Dump on signal ignored: stopping");
        }
    }

    void writeData() {
        write(files.data(), this::data);
    }

    void writeStats() {
        write(files.stats(), this::stats);
    }

    void writeJson() {
        write(files.json(), () -> KeepalivedJson.vrrp(instances(), baseline));
    }

    void writeStatsAndClear() {
        writeStats();
        clearStats();
    }

    private static void write(Path file, Supplier<String> text) {
        try {
            DumpFiles.write(file, text.get());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot write dump file {}: {}", file, e.toString());
        }
    }

    private List<VrrpInstanceView> instances() {
        VrrpRuntime r = vrrp;
        return r == null ? List.of() : r.instances();
    }

    DumpFiles files() {
        return files;
    }

    @Override
    public String json() {
        return KeepalivedJson.full(instances(), baseline, lvs);
    }

    @Override
    public String data() {
        return DataText.render(globals, instances());
    }

    @Override
    public String json(org.keepalivedj.api.daemon.ReloadPreview preview) {
        return KeepalivedJson.preview(preview);
    }

    @Override
    public String stats() {
        return StatsText.render(instances(), baseline);
    }

    @Override
    public void clearStats() {
        baseline.clear(instances());
    }

    @Override
    public String name() {
        return "dumps";
    }

    @Override
    public Kind kind() {
        return Kind.MANAGEMENT;
    }

    @Override
    public int order() {
        return ORDER_DUMPS;
    }

    @Override
    public void apply(KeepalivedConfig config) {
        globals = config.globalDefs();
        files = DumpFiles.from(config.globalDefs().settings());
    }

    @Override
    public void stop() {
        // Nothing runs here between signals; the file locations stay for a late signal.
    }
}
