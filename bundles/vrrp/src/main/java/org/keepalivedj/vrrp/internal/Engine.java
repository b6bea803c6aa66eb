package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.daemon.ApplyException;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.NotifyScripts;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.net.AddressManager;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.api.net.NftTables;
import org.keepalivedj.api.script.FifoSpec;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.keepalivedj.netlink.NetworkNamespace;
import org.keepalivedj.netlink.RtNetlink;
import org.keepalivedj.netlink.VrrpSocket;
import org.keepalivedj.notify.ProcessScriptService;
import org.keepalivedj.vrrp.VrrpEngine;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All VRRP instances of the daemon, run on one timer thread: configs are applied by difference
 * ({@link Reconfiguration}), sockets are shared per interface and family ({@link SocketPool}),
 * tracked objects reach the instances through {@link TrackingWiring}, link and address events
 * through {@link KernelEvents}. In OSGi it is the VRRP subsystem (kind VRRP, order {@link
 * Subsystem#ORDER_VRRP}) and the {@link VrrpRuntime} service management reads; outside OSGi the same
 * class is the {@link VrrpEngine} ({@link #embedded}). The AddressManager removes VIPs a crashed run
 * left before this starts (it does that on its own activation). no_accept goes through the nft
 * bundle's {@link NftTables} service, an optional dynamic reference: VRRP runs without it, and what
 * no_accept could not write is written when it arrives. State changes go to every {@link
 * VrrpStateListener} service; track_bfd hears the BFD sessions as a {@link BfdSessionListener} service
 * (without the bfd bundle every tracked session counts as down). The timer thread joins the daemon's
 * network namespace before anything else: the rtnetlink and link-event sockets, the VRRP sockets and
 * every thread it starts are there.
 */
@Component(
        service = {Subsystem.class, VrrpRuntime.class, BfdSessionListener.class},
        immediate = true)
public final class Engine implements VrrpEngine {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    private final TimerThread timer = new TimerThread("vrrp-timer");
    private final StartupDelay startupDelay = new StartupDelay(timer.nanoTime(), StartupDelay.uptimeSeconds());
    private final LinkLocalIgmp linkLocalIgmp = new LinkLocalIgmp(LinkLocalIgmp.SYSCTL);
    private final AddressManager addresses;
    /** Rtnetlink in the engine's namespace; used from the timer thread only. */
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
    private volatile NftTables nftables;
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
     * In OSGi (also for tests that drive a daemon with it): the shared notify service, the engine in
     * the daemon's network namespace.
     */
    @Activate
    public Engine(
            @Reference AddressManager addresses,
            @Reference ScriptService scripts,
            @Reference DaemonNetworkNamespace namespace) {
        this(addresses, scripts, namespace.name(), null);
    }

    /**
     * @param addresses adds and removes VIPs (and remembers them for crash cleanup)
     * @param scripts   runs notify and track scripts and writes the notify FIFO; null: the engine
     *                  makes its own and closes it at close (outside OSGi)
     * @param namespace the network namespace the timer thread joins; null: the caller's
     * @param nftables  for no_accept until the service changes; null: none yet
     */
    private Engine(AddressManager addresses, ScriptService scripts, String namespace, NftTables nftables) {
        this.addresses = addresses;
        this.nftables = nftables;
        this.ownScripts = scripts == null ? new ProcessScriptService() : null;
        this.scripts = scripts == null ? ownScripts : scripts;
        this.notifier = new VrrpNotifier(this.scripts, null, false, null);
        this.acceptFilter = new AcceptFilter(() -> this.nftables);
        this.tracking = new TrackingWiring(timer, this.scripts, reconfiguration.instances());
        LocalAddresses local = new LocalAddresses();
        this.sockets = new SocketPool(timer, local::contains, () -> dropLogInterval, () -> logUnknownVrids);
        try {
            this.rtnl = onTimer(() -> {
                if (namespace != null) {
                    NetworkNamespace.enter(namespace);
                }
                return RtNetlink.open();
            });
            this.events = onTimer(() ->
                    new KernelEvents(timer, rtnl, local, reconfiguration.instances(), tracking::flagChanged, sockets));
        } catch (RuntimeException e) {
            timer.close();
            if (ownScripts != null) {
                ownScripts.close();
            }
            throw new IllegalStateException(
                    "cannot start VRRP in " + new DaemonNetworkNamespace(namespace).describe(), e);
        }
    }

    /** For {@link VrrpEngine.Builder#start()}: in the caller's network namespace. */
    public static VrrpEngine embedded(AddressManager addresses, ScriptService scripts, NftTables nftables) {
        return new Engine(addresses, scripts, null, nftables);
    }

    /** Runs the work on the timer thread, waits for it and gives its result. */
    private <T> T onTimer(Supplier<T> work) {
        List<T> out = new ArrayList<>(1);
        timer.runAndWait(() -> out.add(work.get()));
        return out.get(0);
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setNftables(NftTables service) {
        nftables = service;
        // no_accept tables that could not be written are written now
        timer.execute(acceptFilter::serviceArrived);
    }

    void unsetNftables(NftTables service) {
        if (nftables == service) {
            nftables = null;
        }
    }

    @Deactivate
    @Override
    public void close() {
        try {
            stop();
            events.close();
            notifier.close();
            timer.close();
        } finally {
            rtnl.close();
            if (ownScripts != null) {
                ownScripts.close();
            }
        }
    }

    @Override
    public String name() {
        return "vrrp";
    }

    @Override
    public Kind kind() {
        return Kind.VRRP;
    }

    @Override
    public int order() {
        return ORDER_VRRP;
    }

    @Override
    public List<org.keepalivedj.api.daemon.Heartbeat> heartbeats() {
        return List.of(timer.heartbeatView());
    }

    @Override
    public long maxTimerLatenessNanos() {
        return timer.maxLatenessNanos();
    }

    @Override
    public long timerPauses() {
        return timer.pauses();
    }

    // ---- BfdSessionListener: track_bfd follows the bfd bundle's sessions ----

    @Override
    public void bound(List<BfdSessionView> sessions) {
        tracking.bfdListener().bound(sessions);
    }

    @Override
    public void stateChanged(BfdSessionView session, String from, String to) {
        tracking.bfdListener().stateChanged(session, from, to);
    }

    TimerThread timer() {
        return timer;
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

    @Override
    public void dropLogInterval(java.time.Duration interval) {
        this.dropLogInterval = java.util.Objects.requireNonNull(interval);
    }

    java.time.Duration dropLogInterval() {
        return dropLogInterval;
    }

    AcceptFilter acceptFilter() {
        return acceptFilter;
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

    @Override
    public void apply(KeepalivedConfig config) {
        List<String> notApplied = onTimer(() -> doApply(config));
        if (!notApplied.isEmpty()) {
            throw new ApplyException(notApplied);
        }
    }

    /** Stops every instance: priority 0 from masters, addresses removed, sockets closed. */
    @Override
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
    @Override
    public ReloadPlan plan(KeepalivedConfig config) {
        return onTimer(() -> reconfiguration.plan(config));
    }

    @Override
    public long unknownVridCount() {
        return onTimer(sockets::unknownVridCount);
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

    /**
     * Deletes the links this engine made that no running instance uses any more: a reload that
     * removes an instance takes its VMACs with it, as keepalived's does.
     */
    void deleteLinksNoInstanceUses(Collection<InstanceRuntime> running) {
        Set<String> used = new HashSet<>();
        running.forEach(r -> used.addAll(r.ownLinks()));
        for (Iterator<String> it = createdLinks.iterator(); it.hasNext(); ) {
            String link = it.next();
            if (!used.contains(link)) {
                it.remove();
                try {
                    rtnl.deleteLink(link);
                    LOG.info("{} deleted: no instance uses it any more", link);
                } catch (RuntimeException e) {
                    LOG.debug("deleting {}: {}", link, e.getMessage());
                }
            }
        }
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

    /** Every VrrpStateListener service hears the instances' changes (the whiteboard); any thread. */
    @Override
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addListener(VrrpStateListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(VrrpStateListener listener) {
        listeners.remove(listener);
    }

    @Override
    public String toString() {
        return "VRRP subsystem with " + views.size() + " instance(s), addresses by " + addresses;
    }
}
