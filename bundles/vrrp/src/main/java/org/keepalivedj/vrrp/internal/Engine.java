package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.daemon.ApplyException;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.NotifyScripts;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.net.AddressManager;
import org.keepalivedj.api.net.NftTables;
import org.keepalivedj.api.script.FifoSpec;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.keepalivedj.netlink.RtNetlink;
import org.keepalivedj.netlink.VrrpSocket;
import org.keepalivedj.notify.ProcessScriptService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All VRRP instances of the daemon, run on one timer thread: configs are applied by difference
 * ({@link Reconfiguration}), sockets are shared per interface and family ({@link SocketPool}),
 * tracked objects reach the instances through {@link TrackingWiring}, link and address events
 * through {@link KernelEvents}. Create it in the network namespace it should work in; its threads
 * and sockets stay there.
 */
public final class Engine implements VrrpRuntime, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    private final TimerThread timer = new TimerThread("vrrp-timer");
    private final StartupDelay startupDelay = new StartupDelay(timer.nanoTime(), StartupDelay.uptimeSeconds());
    private final LinkLocalIgmp linkLocalIgmp = new LinkLocalIgmp(LinkLocalIgmp.SYSCTL);
    private final AddressManager addresses;
    private final RtNetlink rtnl;
    private final Reconfiguration reconfiguration = new Reconfiguration(this);
    private final SocketPool sockets;
    private final TrackingWiring tracking;
    private final KernelEvents events;
    private final Set<String> createdLinks = new LinkedHashSet<>();
    private final List<VrrpStateListener> listeners = new CopyOnWriteArrayList<>();
    private final PromoteSecondaries promoteSecondaries = new PromoteSecondaries();
    private final GarpPacing garpPacing = new GarpPacing(timer);
    private final AcceptFilter acceptFilter;
    private volatile List<VrrpInstanceView> views = List.of();
    private volatile Map<String, List<String>> groupView = Map.of();
    private GlobalDefs globals;
    /** The address VMACs of the config being applied (use_vmac on address lines, use_vmac_addr). */
    private AddressVmacs addressVmacs = AddressVmacs.NONE;
    /** global_defs log_unknown_vrids, read by the receive threads. */
    private volatile boolean logUnknownVrids;

    private final ScriptService scripts;
    private final ProcessScriptService ownScripts;
    private VrrpNotifier notifier;
    private Object notifierKey;
    private volatile java.time.Duration dropLogInterval = DROP_LOG_INTERVAL;

    /** How long a dropped-advert log line stands for the same drops after it (keepalived-like: a minute). */
    public static final java.time.Duration DROP_LOG_INTERVAL = java.time.Duration.ofSeconds(60);

    /**
     * @param addresses adds and removes VIPs (and remembers them for crash cleanup)
     * @param rtnl      rtnetlink in the engine's namespace; used from the timer thread only
     * @param scripts   runs notify and track scripts and writes the notify FIFO; null: the engine
     *                  makes its own and closes it at close (outside OSGi)
     * @param nftables  gives the nftables service for no_accept, or null while there is none
     */
    public Engine(AddressManager addresses, RtNetlink rtnl, ScriptService scripts, Supplier<NftTables> nftables) {
        this.addresses = addresses;
        this.rtnl = rtnl;
        this.ownScripts = scripts == null ? new ProcessScriptService() : null;
        this.scripts = scripts == null ? ownScripts : scripts;
        this.notifier = new VrrpNotifier(this.scripts, null, false, null);
        this.acceptFilter = new AcceptFilter(nftables);
        this.tracking = new TrackingWiring(timer, this.scripts, reconfiguration.instances());
        LocalAddresses local = new LocalAddresses();
        this.sockets = new SocketPool(timer, local::contains, () -> dropLogInterval, () -> logUnknownVrids);
        this.events = new KernelEvents(timer, rtnl, local, reconfiguration.instances(), tracking::flagChanged, sockets);
    }

    public TimerThread timer() {
        return timer;
    }

    /** What track_bfd hears the BFD sessions through: bind it to the BFD runtime (the whiteboard). */
    public BfdSessionListener bfdListener() {
        return tracking.bfdListener();
    }

    AddressManager addresses() {
        return addresses;
    }

    RtNetlink rtnl() {
        return rtnl;
    }

    SocketPool sockets() {
        return sockets;
    }

    TrackingWiring tracking() {
        return tracking;
    }

    KernelEvents events() {
        return events;
    }

    AddressIndex<InstanceRuntime> addressIndex() {
        return events.index();
    }

    /**
     * Sets how often repeated drops are summed up in the log ({@link #DROP_LOG_INTERVAL} unless set);
     * for instances and sockets made from now on.
     */
    public void dropLogInterval(java.time.Duration interval) {
        this.dropLogInterval = java.util.Objects.requireNonNull(interval);
    }

    java.time.Duration dropLogInterval() {
        return dropLogInterval;
    }

    AcceptFilter acceptFilter() {
        return acceptFilter;
    }

    /** The nftables service has (re)appeared: no_accept tables that could not be written are written now. */
    public void nftablesArrived() {
        timer.execute(acceptFilter::serviceArrived);
    }

    boolean strict() {
        return globals != null && globals.vrrpStrict();
    }

    /** Whether an instance on a link that does not exist starts anyway (in FAULT until the link comes). */
    boolean dynamicInterfaces() {
        return globals != null && globals.dynamicInterfaces();
    }

    /** Gratuitous ARP / NA spacing per interface or garp_group, across instances. */
    GarpPacing garpPacing() {
        return garpPacing;
    }

    VrrpNotifier notifier() {
        return notifier;
    }

    /**
     * Runs this config from now on (blocking until applied). Throws {@link ApplyException} after
     * applying the rest when a changed instance could not be rebuilt (its previous runtime runs on).
     */
    public void apply(KeepalivedConfig config) {
        List<String> notApplied = new ArrayList<>();
        timer.runAndWait(() -> notApplied.addAll(doApply(config)));
        if (!notApplied.isEmpty()) {
            throw new ApplyException(notApplied);
        }
    }

    /** Stops every instance: priority 0 from masters, addresses removed, sockets closed. */
    public void stop() {
        timer.runAndWait(() -> {
            reconfiguration.stopAll();
            garpPacing.clear();
            publish();
            tracking.close();
            sockets.closeAll();
            for (String link : createdLinks) {
                try {
                    rtnl.deleteLink(link);
                } catch (RuntimeException e) {
                    LOG.debug("deleting {}: {}", link, e.getMessage());
                }
            }
            createdLinks.clear();
            events.clear();
            linkLocalIgmp.restore();
        });
    }

    private List<String> doApply(KeepalivedConfig config) {
        acceptFilter.removeLeftovers();
        events.rereadAddresses();
        boolean reload = globals != null;
        globals = config.globalDefs();
        events.delays(config.interfaceUpDownDelays());
        garpPacing.configure(
                globals, config.garpGroups(), List.copyOf(config.vrrpInstances().keySet()));
        logUnknownVrids = Boolean.TRUE.equals(globals.settings().flag("log_unknown_vrids"));
        linkLocalIgmp.apply(Boolean.TRUE.equals(globals.settings().flag("disable_local_igmp")));
        FifoSpec fifo = FifoSpec.of(globals, "vrrp");
        Object newNotifierKey = Arrays.asList(globals.scriptUser(), fifo, globals.enableScriptSecurity());
        if (!newNotifierKey.equals(notifierKey)) {
            // the new one first: a FIFO both use keeps its reader script running
            VrrpNotifier old = notifier;
            notifier = new VrrpNotifier(scripts, globals.scriptUser(), globals.enableScriptSecurity(), fifo);
            notifierKey = newNotifierKey;
            old.close();
        }
        tracking.globals(globals);
        addressVmacs = AddressVmacs.of(config);
        List<String> notApplied = reconfiguration.apply(config);
        if (reload && Boolean.TRUE.equals(globals.settings().flag("fifo_write_vrrp_states_on_reload"))) {
            writeStatesToFifo();
        }
        return notApplied;
    }

    /** fifo_write_vrrp_states_on_reload: every sync group's state, then every instance's, on the FIFO. */
    private void writeStatesToFifo() {
        for (SyncGroupCoordinator g : reconfiguration.groups()) {
            if (g.state() != InstanceState.INIT) {
                notifier.fifoState("GROUP", g.name, g.state(), 0);
            }
        }
        for (InstanceRuntime r : reconfiguration.instances()) {
            if (r.state() != InstanceState.INIT) {
                notifier.fifoState("INSTANCE", r.name(), r.state(), r.machine.effectivePriority());
            }
        }
    }

    /**
     * notify_priority_changes: the instance's own flag, else global_defs' vrrp_notify_priority_changes;
     * a sync group's flag turns it on for its members (as keepalived does).
     */
    boolean notifiesPriorityChanges(VrrpInstance m) {
        return reconfiguration.notifiesPriorityChanges(m);
    }

    /** What {@link #apply} would change for this config, from the same decisions; changes nothing. */
    public ReloadPlan plan(KeepalivedConfig config) {
        ReloadPlan[] out = new ReloadPlan[1];
        timer.runAndWait(() -> out[0] = reconfiguration.plan(config));
        return out[0];
    }

    /** Adverts for a VRID no instance runs, summed over the sockets open now. */
    public long unknownVridCount() {
        long[] count = {0};
        timer.runAndWait(() -> count[0] = sockets.unknownVridCount());
        return count[0];
    }

    /** What is left of vrrp_startup_delay / vrrp_delay_after_boot now (0 when over). */
    long startupDelayNanos() {
        return startupDelay.remainingNanos(globalSettings(), timer.nanoTime());
    }

    /** global_defs' keywords kept verbatim; null before the first config. */
    Settings globalSettings() {
        return globals == null ? null : globals.settings();
    }

    InetAddress group(boolean ipv6) {
        InetAddress configured = globals == null ? null : ipv6 ? globals.vrrpMcastGroup6() : globals.vrrpMcastGroup4();
        return configured != null ? configured : ipv6 ? VrrpSocket.GROUP_V6 : VrrpSocket.GROUP_V4;
    }

    PromoteSecondaries promoteSecondaries() {
        return promoteSecondaries;
    }

    AddressVmacs addressVmacs() {
        return addressVmacs;
    }

    void createdLink(String name) {
        createdLinks.add(name);
    }

    /** A member of a sync group changed state: the group notifies when its own state follows. */
    void memberStateChanged(VrrpStateMachine member) {
        SyncGroupCoordinator g = member.group();
        if (g == null) {
            return;
        }
        InstanceState now = g.recompute();
        if (now == null) {
            return;
        }
        SyncGroup model = reconfiguration.groupModel(g.name);
        NotifyScripts scripts =
                model != null && model.notifyScripts() != null ? model.notifyScripts() : NotifyScripts.NONE;
        // keepalived passes priority 0 for a group, to scripts and on the FIFO
        notifier.notify("GROUP", g.name, scripts, now, 0);
    }

    void fireStateChanged(VrrpInstanceView v, InstanceState from, InstanceState to) {
        for (VrrpStateListener l : listeners) {
            try {
                l.stateChanged(v, from, to);
            } catch (RuntimeException e) {
                LOG.warn("VRRP state listener failed", e);
            }
        }
    }

    void fireAdvertRejected(
            VrrpInstanceView v, org.keepalivedj.api.vrrp.AdvertError error, java.net.InetAddress source) {
        for (VrrpStateListener l : listeners) {
            try {
                l.advertRejected(v, error, source);
            } catch (RuntimeException e) {
                LOG.warn("VRRP listener failed", e);
            }
        }
    }

    /** Makes the running instances and sync groups what the views show. */
    void publish() {
        List<VrrpInstanceView> v = new ArrayList<>();
        for (InstanceRuntime r : reconfiguration.instances()) {
            v.add(r.view);
        }
        views = List.copyOf(v);
        Map<String, List<String>> g = new LinkedHashMap<>();
        for (SyncGroupCoordinator c : reconfiguration.groups()) {
            g.put(c.name, c.members().stream().map(VrrpStateMachine::name).toList());
        }
        groupView = Map.copyOf(g);
    }

    @Override
    public List<VrrpInstanceView> instances() {
        return views;
    }

    @Override
    public Optional<VrrpInstanceView> instance(String name) {
        return views.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    @Override
    public Map<String, List<String>> syncGroups() {
        return groupView;
    }

    @Override
    public Map<String, org.keepalivedj.api.vrrp.ScriptStatus> scriptStatuses() {
        return tracking().scriptStatuses();
    }

    @Override
    public Map<String, Long> trackFileValues() {
        return tracking().fileValues();
    }

    @Override
    public Map<String, org.keepalivedj.api.vrrp.ProcessStatus> trackProcessStatuses() {
        return tracking().processStatuses();
    }

    /** Told every state change and rejected advert from now on (any thread). */
    public void addListener(VrrpStateListener listener) {
        listeners.add(listener);
    }

    public void removeListener(VrrpStateListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        stop();
        events.close();
        notifier.close();
        timer.close();
        if (ownScripts != null) {
            ownScripts.close();
        }
    }
}
