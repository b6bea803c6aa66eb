package org.keepalivedj.core.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.daemon.ReloadPreview;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.NetNamespace;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.syntax.ParsedConfig;
import org.keepalivedj.netlink.NetworkNamespace;
import org.keepalivedj.notify.ProcessScriptService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon. Finds keepalived.conf (launcher option, then etc/org.keepalivedj.cfg, then
 * etc/keepalived.conf), loads it, and reloads it on SIGHUP or on request. A reload that fails leaves
 * the running config as it was.
 */
@Component(service = Daemon.class, configurationPid = "org.keepalivedj", immediate = true)
@Designate(ocd = DaemonSettings.class)
public class KeepalivedDaemon implements Daemon {
    /** System properties set by bin/keepalived; they win over etc/org.keepalivedj.cfg. */
    static final String CONFIG_FILE_PROPERTY = "keepalivedj.config.file";

    static final String CONFIG_ID_PROPERTY = "keepalivedj.config.id";
    static final String PID_FILE_PROPERTY = "keepalivedj.pid.file";
    /** bin/keepalived -P (vrrp) or -C (check). */
    static final String ONLY_PROPERTY = "keepalivedj.only";

    private static final Logger LOG = LoggerFactory.getLogger(KeepalivedDaemon.class);

    private final Clock clock;
    private final ConfigLoading loading;
    private String version;
    private Instant startedAt;
    private Path configPath;
    private String configId;
    private volatile LoadResult lastLoad;
    /** The config in force: replaced only by a load that is valid from end to end. */
    private volatile KeepalivedConfig running;

    private ExecutorService signalWork;
    private AutoCloseable hangup;
    /** The parse the running config was bound from: checker bundles that arrive bind it again. */
    private volatile ParsedConfig runningParse;

    private final CheckerFactories checkers = new CheckerFactories(BuiltinCheckers.registry());
    /** Where a checker arrival binds the running parse: the reload thread (tests: the caller). */
    private volatile Executor checkerWork;

    private volatile boolean started;
    /** Where the network work runs, decided by the first valid load; null until then. */
    private volatile DaemonNetworkNamespace networkNamespace;

    private volatile org.osgi.framework.ServiceRegistration<DaemonNetworkNamespace> namespaceRegistration;
    /** Publishes the namespace once decided (OSGi: registers the service the kernel-side components wait for). */
    private volatile java.util.function.Consumer<DaemonNetworkNamespace> namespacePublisher = ns -> {};

    private final java.util.List<LoadListener> loadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Subsystems subsystems = new Subsystems(Subsystems.kindsFor(System.getProperty(ONLY_PROPERTY)));
    /** Set when systemd runs us as a Type=notify service (NOTIFY_SOCKET). */
    private volatile SystemdNotifier systemd;
    /** The timer-stall watchdog (same bundle); while it reports a stall, systemd gets no pings. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.keepalivedj.api.daemon.Watchdog watchdog;

    /** The notify service (startup and shutdown scripts); DS binds it before {@link #activate}. */
    @Reference
    private ScriptService boundScripts;
    /** Outside OSGi: a notify service of the daemon's own, made at first use, closed at deactivate. */
    private ProcessScriptService ownScripts;

    public KeepalivedDaemon() {
        this(Clock.systemUTC());
    }

    synchronized ScriptService scripts() {
        if (boundScripts != null) {
            return boundScripts;
        }
        if (ownScripts == null) {
            ownScripts = new ProcessScriptService();
        }
        return ownScripts;
    }

    KeepalivedDaemon(Clock clock) {
        this.clock = clock;
        // Checker blocks are bound by the checker bundles' HealthCheckerFactory services; the built-in
        // binders stand in for a kind while no bundle for it is installed.
        this.loading = new ConfigLoading(clock, checkers, this::dataPlane);
    }

    /**
     * The data plane the LVS engine uses (the nft bundle's chooser publishes it with chosen=true), so
     * that a config it cannot carry out is refused at load, before anything is applied. Until the
     * choice is published: what data.plane in etc/org.keepalivedj.cfg comes to on this host.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(chosen=true)")
    private volatile org.keepalivedj.api.lvs.ForwardingPlane chosenPlane;

    private volatile String dataPlaneSetting;

    private String dataPlane() {
        org.keepalivedj.api.lvs.ForwardingPlane p = chosenPlane;
        if (p != null) {
            return p.name();
        }
        return dataPlaneSetting == null ? null : org.keepalivedj.config.DataPlaneLimits.resolve(dataPlaneSetting);
    }

    @Activate
    void activate(BundleContext context, DaemonSettings settings) {
        systemd = SystemdNotifier.fromEnvironment(
                        System.getenv(), ProcessHandle.current().pid())
                .orElse(null);
        // Signal handlers must return quickly: the reload itself runs on its own thread. The first
        // config waits there for a startup script, so activation never blocks on it.
        signalWork = Executors.newSingleThreadExecutor(r -> new Thread(r, "keepalived-sighup"));
        checkerWork = signalWork;
        // registered after activate returns: the components that wait for it call addSubsystem back
        namespacePublisher = ns -> signalWork.execute(
                () -> namespaceRegistration = context.registerService(DaemonNetworkNamespace.class, ns, null));
        start(context.getBundle().getVersion().toString(), settings, context.getProperty("karaf.etc"), signalWork);
        started = true;
        notifySystemdWhenApplied();
        hangup = HangupSignal.install(() -> signalWork.execute(() -> {
            LOG.info("Reloading on SIGHUP");
            reload();
        }));
    }

    /** Starts without OSGi (tests): everything, the startup script and checker changes included, on the calling thread. */
    void start(String version, DaemonSettings settings, String karafEtc) {
        checkerWork = Runnable::run;
        start(version, settings, karafEtc, Runnable::run);
    }

    /**
     * Loads the config; with a startup_script the first apply waits on {@code startupWork} for the
     * script (at most its timeout), so VRRP and the checkers start after it, as in keepalived.
     */
    void start(String version, DaemonSettings settings, String karafEtc, Executor startupWork) {
        this.version = version;
        this.startedAt = clock.instant();
        this.configPath = resolveConfigPath(settings.config_file(), karafEtc);
        this.dataPlaneSetting = settings.data_plane();
        this.configId =
                firstNonBlank(System.getProperty(CONFIG_ID_PROPERTY), settings.config_id(), HostName.shortName());
        LOG.info("Starting keepalived-j v{}, config id '{}'", version, configId);
        long checkersSeen = checkers.changes();
        ConfigLoading.Loaded first = inNamespace(load(configPath));
        this.lastLoad = first.result();
        var startup = first.config().flatMap(LifecycleScripts::startup);
        if (startup.isEmpty()) {
            synchronized (this) {
                apply(first, checkersSeen);
            }
            return;
        }
        startupWork.execute(() -> {
            // Holding the monitor keeps reload() from applying a config before the script is done.
            synchronized (this) {
                LifecycleScripts.run(scripts(), startup.get());
                if (!Thread.currentThread().isInterrupted()) {
                    apply(first, checkersSeen);
                    notifySystemdWhenApplied();
                }
            }
        });
    }

    /*
     * Checker bundles come and go while the daemon runs, and the configuration file is not read for
     * them (it is read at start, on SIGHUP and on reload() only). The parse of the running config is
     * kept. When a checker bundle arrives that parse is bound again with the checkers installed now
     * and, if the model changed (blocks with the bundle's keywords now bound by it), the new model is
     * applied like any other: each subsystem applies only the difference, so lvs starts the checks of
     * those blocks and nothing else moves. When one leaves, lvs stops its checks itself (it tracks the
     * factories it creates checkers with) and holds their real servers in their start state (up, or
     * down with alpha); the running model keeps the blocks until a load or a checker arrival binds the
     * parse again with what is installed then. Neither is a load: lastLoad and the load listeners (JMX
     * notifications) are not touched. A checker that arrives while a load binds the file is caught up
     * with by that load's apply (CheckerFactories counts changes), so no order of arrival is missed.
     */

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addChecker(HealthCheckerFactory factory) {
        checkers.add(factory);
        LOG.info("Checker {} installed", CheckerFactories.keywords(factory));
        Executor work = checkerWork;
        if (work != null) {
            try {
                work.execute(() -> bindForNewChecker(factory));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                LOG.debug("Checker {} arrived while the daemon stops", CheckerFactories.keywords(factory));
            }
        }
    }

    void removeChecker(HealthCheckerFactory factory) {
        checkers.remove(factory);
        List<String> orphaned = factory.keywords().stream()
                .filter(k -> !checkers.installed(k))
                .sorted()
                .toList();
        if (!orphaned.isEmpty()) {
            LOG.warn(
                    "Checker {} removed: its checks stop and every {} block in the configuration waits for a checker"
                            + " bundle, its real server held in its start state (up, or down with alpha){}",
                    CheckerFactories.keywords(factory),
                    String.join("/", orphaned),
                    orphaned.stream().anyMatch(k -> checkers.find(k).isPresent())
                            ? "; until one is installed a reload validates these blocks with the built-in binder only"
                            : "; until one is installed a reload leaves these blocks unresolved");
        }
    }

    /** A checker arrived: binds the running config's parse again (no file read) and applies what changed. */
    private synchronized void bindForNewChecker(HealthCheckerFactory factory) {
        rebound().ifPresent(config -> {
            long blocks = config.virtualServers().values().stream()
                    .flatMap(vs -> vs.realServers().values().stream())
                    .flatMap(rs -> rs.checkers().stream())
                    .filter(b -> factory.keywords().contains(b.kind()))
                    .count();
            LOG.info(
                    "Checker {} binds {} block(s) of the running configuration; their checks start",
                    CheckerFactories.keywords(factory),
                    blocks);
            applyRebound(config);
        });
    }

    /** The running config's parse bound with the checkers installed now, when that changes the model. */
    private Optional<KeepalivedConfig> rebound() {
        ParsedConfig parse = runningParse;
        KeepalivedConfig before = running;
        if (parse == null || before == null) {
            return Optional.empty(); // no config runs yet: its load binds with what is installed then
        }
        try {
            KeepalivedConfig config = loading.rebind(parse, configId);
            return config.equals(before) ? Optional.empty() : Optional.of(config);
        } catch (org.keepalivedj.api.config.ConfigException e) {
            e.problems().stream().filter(p -> p.isError()).forEach(p -> LOG.error("{}", p));
            LOG.error("The installed checkers cannot bind the running configuration's blocks; they stay as they are");
            return Optional.empty();
        }
    }

    private void applyRebound(KeepalivedConfig config) {
        running = config;
        List<String> notApplied = subsystems.apply(config);
        if (!notApplied.isEmpty()) {
            LOG.error("{} object(s) of the running configuration keep their previous runtime", notApplied.size());
        }
        notifySystemdWhenApplied();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSubsystem(Subsystem subsystem) {
        LOG.info("Subsystem {} available", subsystem.name());
        subsystems.add(subsystem);
        notifySystemdWhenApplied();
    }

    /**
     * READY=1 for systemd once a valid config runs in every subsystem it needs (VRRP for instances,
     * the checkers for virtual servers); subsystems arrive as their bundles start, so this is asked
     * again at each arrival and after each reload.
     */
    private void notifySystemdWhenApplied() {
        SystemdNotifier notifier = systemd;
        KeepalivedConfig config = running;
        if (notifier == null || notifier.isReady() || !started || config == null || !subsystems.applied(config)) {
            return;
        }
        LOG.info("Configuration applied to {}: ready", subsystems.names());
        // Pings go on while the daemon runs and no timer thread stalls; without pings systemd
        // restarts us after WatchdogSec.
        notifier.ready("running " + lastLoad.summary(), this::healthy);
    }

    private boolean healthy() {
        org.keepalivedj.api.daemon.Watchdog w = watchdog;
        return started && (w == null || w.healthy());
    }

    void removeSubsystem(Subsystem subsystem) {
        LOG.info("Subsystem {} gone", subsystem.name());
        subsystems.remove(subsystem);
    }

    @Deactivate
    void deactivate() {
        started = false;
        SystemdNotifier notifier = systemd;
        if (notifier != null) {
            notifier.stopping();
        }
        try {
            if (hangup != null) {
                hangup.close();
            }
        } catch (Exception e) {
            LOG.warn("Could not restore the SIGHUP handler: {}", e.toString());
        }
        checkerWork = null;
        if (signalWork != null) {
            signalWork.shutdownNow();
        }
        subsystems.stopAll();
        LifecycleScripts.shutdown(running).ifPresent(s -> LifecycleScripts.run(scripts(), s));
        synchronized (this) {
            if (ownScripts != null) {
                ownScripts.close();
                ownScripts = null;
            }
        }
        unregisterNamespace();
        PidFile.removeIfOurs(System.getProperty(PID_FILE_PROPERTY));
        if (notifier != null) {
            notifier.close();
            systemd = null;
        }
        LOG.info("Stopped keepalived-j");
    }

    /** The kernel-side components go with it (they stopped their work with the subsystems above). */
    private void unregisterNamespace() {
        var registration = namespaceRegistration;
        namespaceRegistration = null;
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping: the framework removed it
            }
        }
    }

    static Path resolveConfigPath(String configured, String karafEtc) {
        String file = firstNonBlank(System.getProperty(CONFIG_FILE_PROPERTY), configured, null);
        if (file != null) {
            return Path.of(file).toAbsolutePath().normalize();
        }
        return Path.of(karafEtc == null ? "etc" : karafEtc, "keepalived.conf")
                .toAbsolutePath()
                .normalize();
    }

    private ConfigLoading.Loaded load(Path file) {
        LOG.info("Opening file '{}'.", file);
        ConfigLoading.Loaded loaded = loading.load(file, configId);
        LoadResult result = loaded.result();
        result.warnings().forEach(LOG::warn);
        result.errors().forEach(LOG::error);
        if (result.ok()) {
            LOG.info("Configuration loaded: {}", result.summary());
        } else {
            LOG.error("Configuration not loaded: {}", result.describe());
        }
        return loaded;
    }

    /**
     * Makes a valid config the running one (an invalid one changes nothing) and records the outcome
     * as the last load: NOT_APPLIED when a subsystem kept some objects' previous runtimes. A checker
     * that came or went while the file was bound (checkersSeen is the count before) is caught up with.
     */
    private LoadResult apply(ConfigLoading.Loaded loaded, long checkersSeen) {
        LoadResult result = loaded.result();
        if (loaded.config().isPresent()) {
            KeepalivedConfig config = loaded.config().get();
            if (running != null) {
                // the same decisions apply makes next: the log says what this reload changes
                ReloadPlan plan = subsystems.plan(config);
                LOG.info(
                        "Reload plan: {}",
                        plan.isEmpty() ? "no changes" : "\n" + plan.text().stripTrailing());
            }
            TrackFileInit.apply(config, running == null);
            running = config;
            runningParse = loaded.parsed();
            List<String> notApplied = subsystems.apply(config);
            if (!notApplied.isEmpty()) {
                // each subsystem logged its objects with their file:line
                result = new LoadResult(
                        result.at(),
                        result.file(),
                        LoadResult.Outcome.NOT_APPLIED,
                        notApplied,
                        result.warnings(),
                        notApplied.size() + " object(s) not applied: they keep their previous runtime");
            }
            if (checkers.changes() != checkersSeen) {
                rebound().ifPresent(this::applyRebound);
            }
        }
        lastLoad = result;
        return result;
    }

    @Override
    public synchronized LoadResult reload() {
        long checkersSeen = checkers.changes();
        LoadResult result = apply(inNamespace(load(configPath)), checkersSeen);
        notifySystemdWhenApplied();
        if (result.outcome() == LoadResult.Outcome.NOT_APPLIED) {
            LOG.error(
                    "Reload applied except {} object(s), which keep running as configured before",
                    result.errors().size());
        } else if (!result.ok()) {
            LOG.error("Reload failed; the running configuration is unchanged");
        }
        for (LoadListener l : loadListeners) {
            try {
                l.loaded(result);
            } catch (RuntimeException e) {
                LOG.warn("A reload listener failed: {}", e.toString());
            }
        }
        return result;
    }

    /**
     * The plan a reload of this file would carry out now, with the file's errors and warnings; a file
     * that would not load plans nothing. Holds the daemon's lock, so no reload runs in between.
     */
    @Override
    public synchronized ReloadPreview previewReload(Path file) {
        Path path = file == null ? configPath : file.toAbsolutePath().normalize();
        ConfigLoading.Loaded loaded = sameNamespace(loading.load(path, configId));
        ReloadPlan plan = loaded.config().map(subsystems::plan).orElse(ReloadPlan.EMPTY);
        return new ReloadPreview(loaded.result(), plan);
    }

    /** Every LoadListener service hears the reloads (the whiteboard). */
    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindLoadListener")
    void bindLoadListener(LoadListener listener) {
        loadListeners.add(listener);
    }

    void unbindLoadListener(LoadListener listener) {
        loadListeners.remove(listener);
    }

    @Override
    public LoadResult checkConfig(Path file) {
        return loading.load(file.toAbsolutePath().normalize(), configId).result();
    }

    /**
     * A valid load's network namespace: the first one decides it (net_namespace, made when missing,
     * as the issue asks where keepalived 2.2.7 exits instead; else the starting namespace) and
     * publishes it; a later one that names another is refused whole, as keepalived refuses it
     * ("Cannot change network namespace at a reload"), and the running config stays.
     */
    private ConfigLoading.Loaded inNamespace(ConfigLoading.Loaded loaded) {
        if (loaded.config().isEmpty()) {
            return loaded;
        }
        if (networkNamespace != null) {
            ConfigLoading.Loaded same = sameNamespace(loaded);
            if (same != loaded) {
                same.result().errors().forEach(LOG::error);
            }
            return same;
        }
        NetNamespace wanted = loaded.config().get().netNamespace();
        if (wanted != null) {
            try {
                if (NetworkNamespace.createIfMissing(wanted.name())) {
                    LOG.info("Created network namespace {} (/run/netns/{})", wanted.name(), wanted.name());
                }
            } catch (RuntimeException e) {
                String error = wanted.origin().location() + ": net_namespace " + wanted.name()
                        + ": cannot make the network namespace: " + e.getMessage();
                LOG.error("{}", error);
                return refused(loaded, error);
            }
        }
        DaemonNetworkNamespace ns =
                wanted == null ? DaemonNetworkNamespace.STARTING : new DaemonNetworkNamespace(wanted.name());
        networkNamespace = ns;
        LOG.info("Network work (netlink, VRRP, data plane, BFD, checks, scripts) runs in {}", ns.describe());
        namespacePublisher.accept(ns);
        return loaded;
    }

    /** The load, or, when it names another namespace than the running one, the same load refused. */
    private ConfigLoading.Loaded sameNamespace(ConfigLoading.Loaded loaded) {
        DaemonNetworkNamespace running = networkNamespace;
        if (running == null || loaded.config().isEmpty()) {
            return loaded;
        }
        NetNamespace wanted = loaded.config().get().netNamespace();
        String name = wanted == null ? null : wanted.name();
        if (java.util.Objects.equals(name, running.name())) {
            return loaded;
        }
        String where = wanted != null
                ? wanted.origin().location().toString()
                : String.valueOf(loaded.result().file());
        return refused(
                loaded,
                where + ": net_namespace: cannot change the network namespace at a reload (running in "
                        + running.describe() + ", the file asks for "
                        + (name == null ? "none" : name) + "); restart keepalived-j to move");
    }

    private static ConfigLoading.Loaded refused(ConfigLoading.Loaded loaded, String error) {
        LoadResult r = loaded.result();
        return new ConfigLoading.Loaded(
                new LoadResult(r.at(), r.file(), LoadResult.Outcome.ERRORS, List.of(error), r.warnings(), "1 errors"),
                Optional.empty(),
                null);
    }

    /** Where the network work runs; null before the first valid load. */
    DaemonNetworkNamespace networkNamespace() {
        return networkNamespace;
    }

    /** The config in force, or null before the first valid load. */
    KeepalivedConfig runningConfig() {
        return running;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Path configPath() {
        return configPath;
    }

    @Override
    public String configId() {
        return configId;
    }

    @Override
    public LoadResult lastLoad() {
        return lastLoad;
    }

    private static String firstNonBlank(String a, String b, String c) {
        if (a != null && !a.isBlank()) {
            return a.trim();
        }
        if (b != null && !b.isBlank()) {
            return b.trim();
        }
        return c;
    }
}
