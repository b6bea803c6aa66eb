package org.keepalivedj.vrrp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.ToIntBiFunction;
import org.keepalivedj.api.bfd.BfdStateListener;
import org.keepalivedj.api.bfd.BfdStateSource;
import org.keepalivedj.api.daemon.ApplyException;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.daemon.ReloadPlan.Action;
import org.keepalivedj.api.daemon.ReloadPlan.Section;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.ModelDiff;
import org.keepalivedj.api.model.NotifyScripts;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.TrackFile;
import org.keepalivedj.api.model.TrackProcess;
import org.keepalivedj.api.model.TrackRef;
import org.keepalivedj.api.model.Tracking;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.model.VrrpScript;
import org.keepalivedj.api.net.AddressManager;
import org.keepalivedj.api.net.NftTables;
import org.keepalivedj.api.script.FifoSpec;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;
import org.keepalivedj.netlink.IfAddress;
import org.keepalivedj.netlink.Link;
import org.keepalivedj.netlink.NetlinkListener;
import org.keepalivedj.netlink.NetlinkMonitor;
import org.keepalivedj.netlink.PacketSocket;
import org.keepalivedj.netlink.RtNetlink;
import org.keepalivedj.netlink.VrrpSocket;
import org.keepalivedj.notify.ProcessScriptService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All VRRP instances of the daemon: applies configs by diff (an unchanged instance keeps its state
 * and addresses), shares one socket per interface and family, runs everything on one timer thread.
 * Create it in the network namespace it should work in; its threads and sockets stay there.
 */
public final class Engine implements VrrpRuntime, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    private record SocketKey(String interfaceName, boolean ipv6) {}

    /** Everything an instance depends on: when it is equal across a reload, the instance is kept. */
    private record Fingerprint(VrrpInstance instance, SyncGroup group, List<Object> tracked, Object globals) {}

    private final TimerThread timer = new TimerThread("vrrp-timer");
    private final StartupDelay startupDelay = new StartupDelay(timer.nanoTime(), StartupDelay.uptimeSeconds());
    private final LinkLocalIgmp linkLocalIgmp = new LinkLocalIgmp(LinkLocalIgmp.SYSCTL);
    private final AddressManager addresses;
    private final RtNetlink rtnl;
    private final NetlinkMonitor monitor;
    private final Map<String, InstanceRuntime> instances = new LinkedHashMap<>();
    private final Map<String, Fingerprint> fingerprints = new HashMap<>();
    private final Map<String, SyncGroupCoordinator> groups = new LinkedHashMap<>();
    private final Map<String, SyncGroup> groupModels = new HashMap<>();
    private final Map<SocketKey, SharedSocket> sockets = new HashMap<>();
    private final Map<String, PacketSocket> packetSockets = new HashMap<>();
    private final Set<String> createdLinks = new LinkedHashSet<>();
    private final List<VrrpStateListener> listeners = new CopyOnWriteArrayList<>();
    private final LocalAddresses localAddresses = new LocalAddresses();
    private final PromoteSecondaries promoteSecondaries = new PromoteSecondaries();
    private final InterfaceWatch interfaces =
            new InterfaceWatch(timer, this::interfaceChanged, n -> reattachAll(), this::linkRemoved);
    private final AcceptFilter acceptFilter;
    private volatile List<VrrpInstanceView> views = List.of();
    private volatile Map<String, List<String>> groupView = Map.of();
    private GlobalDefs globals;
    /** global_defs log_unknown_vrids, read by the receive threads. */
    private volatile boolean logUnknownVrids;

    private final ScriptService scripts;
    private final ProcessScriptService ownScripts;
    private Notifier notifier;
    /** Written on the timer thread, read by the runtime views (script statuses). */
    private volatile TrackingRuntime tracking;
    /** Where track_bfd reads session state; null while there is none (every tracked session counts as down). */
    private volatile BfdStateSource bfd;

    private final BfdStateListener bfdListener =
            (session, up, at) -> timer.execute(() -> flagChanged(bfdKey(session), up));
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
        this.notifier = new Notifier(this.scripts, null, false, null);
        this.acceptFilter = new AcceptFilter(nftables);
        NetlinkMonitor m = null;
        try {
            m = NetlinkMonitor.open();
            m.addListener(new NetlinkListener() {
                @Override
                public void linkChanged(Link link, boolean removed) {
                    timer.execute(() -> {
                        interfaces.linkChanged(link.name(), !removed, !removed && link.isRunning());
                        flagChanged(StaticTrackGroups.key(link.name()), !removed);
                    });
                }

                @Override
                public void addressChanged(IfAddress address, boolean removed) {
                    localAddresses.changed(address, removed);
                    timer.execute(Engine.this::localAddressesChanged);
                    if (removed) {
                        timer.execute(() -> addressRemoved(address.address()));
                    } else {
                        // an instance that found no address to send from may find one now
                        timer.execute(Engine.this::reattachAll);
                    }
                }

                @Override
                public void eventsLost() {
                    timer.execute(Engine.this::rereadInterfaces);
                    timer.execute(Engine.this::rereadAddresses);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot watch interfaces (track_interface and interface faults will not work): {}", e.getMessage());
        }
        this.monitor = m;
    }

    public TimerThread timer() {
        return timer;
    }

    /**
     * Follows the sessions of this source from now on (null: none, every tracked session counts as
     * down), and re-reads every tracked session's state from it.
     */
    public void bfdSource(BfdStateSource source) {
        BfdStateSource old = bfd;
        if (old == source) {
            return;
        }
        if (old != null) {
            old.removeStateListener(bfdListener);
        }
        bfd = source;
        if (source != null) {
            source.addStateListener(bfdListener);
        }
        timer.execute(() -> {
            for (InstanceRuntime r : instances.values()) {
                for (String key : List.copyOf(r.tracker.keys())) {
                    if (key.startsWith(BFD_KEY)) {
                        r.tracker.update(key, bfdUp(key.substring(BFD_KEY.length())));
                    }
                }
            }
        });
    }

    private static final String BFD_KEY = "bfd ";

    private static String bfdKey(String session) {
        return BFD_KEY + session;
    }

    private boolean bfdUp(String session) {
        BfdStateSource source = bfd;
        return source != null && source.isUp(session);
    }

    AddressManager addresses() {
        return addresses;
    }

    RtNetlink rtnl() {
        return rtnl;
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

    Notifier notifier() {
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
            for (InstanceRuntime i : instances.values()) {
                i.stop();
            }
            instances.clear();
            fingerprints.clear();
            groups.clear();
            groupModels.clear();
            publish();
            if (tracking != null) {
                tracking.close();
                tracking = null;
            }
            for (SharedSocket s : sockets.values()) {
                s.close();
            }
            sockets.clear();
            for (PacketSocket p : packetSockets.values()) {
                p.close();
            }
            packetSockets.clear();
            for (String link : createdLinks) {
                try {
                    rtnl.deleteLink(link);
                } catch (RuntimeException e) {
                    LOG.debug("deleting {}: {}", link, e.getMessage());
                }
            }
            createdLinks.clear();
            interfaces.clear();
            linkLocalIgmp.restore();
        });
    }

    private void rereadAddresses() {
        try {
            localAddresses.reload(rtnl.addresses());
        } catch (RuntimeException e) {
            LOG.warn("cannot read the host's addresses (own adverts may be taken for a peer's): {}", e.getMessage());
        }
        localAddressesChanged();
    }

    /** track_src_ip: each instance looks for its source address again. Timer thread. */
    private void localAddressesChanged() {
        for (InstanceRuntime r : instances.values()) {
            r.localAddressesChanged();
        }
    }

    boolean isLocalAddress(InetAddress address) {
        return localAddresses.contains(address);
    }

    private List<String> doApply(KeepalivedConfig config) {
        acceptFilter.removeLeftovers();
        rereadAddresses();
        boolean reload = globals != null;
        globals = config.globalDefs();
        interfaces.delays(config.interfaceUpDownDelays());
        logUnknownVrids = Boolean.TRUE.equals(globals.settings().flag("log_unknown_vrids"));
        linkLocalIgmp.apply(Boolean.TRUE.equals(globals.settings().flag("disable_local_igmp")));
        FifoSpec fifo = FifoSpec.of(globals, "vrrp");
        Object newNotifierKey = Arrays.asList(globals.scriptUser(), fifo, globals.enableScriptSecurity());
        if (!newNotifierKey.equals(notifierKey)) {
            // the new one first: a FIFO both use keeps its reader script running
            Notifier old = notifier;
            notifier = new Notifier(scripts, globals.scriptUser(), globals.enableScriptSecurity(), fifo);
            notifierKey = newNotifierKey;
            old.close();
        }
        if (tracking == null) {
            tracking = new TrackingRuntime(timer, scripts, globals.scriptUser(), this::flagChanged, this::valueChanged);
        }
        tracking.scriptSecurity(globals.enableScriptSecurity());
        Decisions decided = decide(config);
        Map<String, Fingerprint> wanted = decided.wanted();
        // a new priority alone is applied in place: restarting would drop the VIP of a master
        for (String name : decided.reprioritized()) {
            instances.get(name).reprioritize(wanted.get(name).instance());
            fingerprints.put(name, wanted.get(name));
        }
        // Build first, then swap: every new or changed instance is built before anything stops. A
        // changed one the kernel would refuse (a link that is not there) is not swapped in: the running
        // one goes on as it was. A new one without a predecessor starts anyway (in FAULT until its link
        // comes, as in keepalived).
        Map<String, InstanceRuntime> built = new LinkedHashMap<>();
        List<String> notApplied = new ArrayList<>();
        Set<String> heldGroups = new HashSet<>();
        for (String name : decided.rebuilt()) {
            Fingerprint f = wanted.get(name);
            InstanceRuntime running = instances.get(name);
            InstanceRuntime r;
            String refused;
            try {
                r = new InstanceRuntime(f.instance(), this);
                refused = r.kernelRefusal(f.group());
            } catch (RuntimeException ex) {
                r = null;
                refused = f.instance().origin() + ": " + ex.getMessage();
            }
            if (refused != null && running != null) {
                String message = refused + " (" + name + " not rebuilt: it keeps running as configured before)";
                LOG.error("({}) cannot be rebuilt for the new config: {}", name, message);
                notApplied.add(message);
                heldGroups.add(groupName(fingerprints.get(name)));
                heldGroups.add(groupName(f));
            } else if (r == null) {
                LOG.error("({}) cannot be set up: {}", name, refused);
            } else if (refused != null && !globals.dynamicInterfaces()) {
                // keepalived's VRRP process stops on this config error; here the other instances run on
                String message = refused + " (" + name + " not started: without dynamic_interfaces every interface"
                        + " an instance names must exist)";
                LOG.error("({}) {}", name, message);
                notApplied.add(message);
            } else {
                built.put(name, r);
            }
        }
        // a sync group moves as one: the other members of a held member's group are held too
        heldGroups.remove(null);
        for (String name : new ArrayList<>(built.keySet())) {
            Fingerprint was = fingerprints.get(name);
            if (instances.containsKey(name)
                    && (heldGroups.contains(groupName(was)) || heldGroups.contains(groupName(wanted.get(name))))) {
                built.remove(name);
                String message =
                        wanted.get(name).instance().origin() + ": a member of its sync group cannot be rebuilt (" + name
                                + " not rebuilt: it keeps running as configured before)";
                LOG.error("({}) cannot be rebuilt for the new config: {}", name, message);
                notApplied.add(message);
            }
        }
        // stop what went away; what is replaced makes way for its successor when that starts
        Map<String, InstanceRuntime> replaced = new HashMap<>();
        for (String name : new ArrayList<>(instances.keySet())) {
            if (decided.removed().contains(name)) {
                LOG.info("({}) removed by the new config: stopping", name);
                leaveGroup(instances.remove(name)).delete();
                fingerprints.remove(name);
            } else if (built.containsKey(name)) {
                LOG.info("({}) changed by the new config: replacing", name);
                replaced.put(name, leaveGroup(instances.remove(name)));
                fingerprints.remove(name);
            }
        }
        // sync groups whose definition changed are rebuilt (their members were restarted above)
        for (String g : new ArrayList<>(groups.keySet())) {
            SyncGroup now = config.syncGroups().get(g);
            if (!heldGroups.contains(g) && !Objects.equals(now, groupModels.get(g))) {
                groups.remove(g);
                groupModels.remove(g);
            }
        }
        List<InstanceRuntime> started = new ArrayList<>();
        for (Map.Entry<String, InstanceRuntime> e : built.entrySet()) {
            Fingerprint f = wanted.get(e.getKey());
            InstanceRuntime r = e.getValue();
            instances.put(e.getKey(), r);
            fingerprints.put(e.getKey(), f);
            if (f.group() != null) {
                groups.computeIfAbsent(f.group().name(), n -> {
                            groupModels.put(n, f.group());
                            return new SyncGroupCoordinator(n);
                        })
                        .add(r.machine);
            }
            wireTracking(config, r, f.group());
            started.add(r);
        }
        // keep config order in the view
        Map<String, InstanceRuntime> ordered = new LinkedHashMap<>();
        for (String name : wanted.keySet()) {
            if (instances.containsKey(name)) {
                ordered.put(name, instances.get(name));
            }
        }
        instances.clear();
        instances.putAll(ordered);
        publish();
        // a replaced MASTER hands over to its successor without a gap; every other one stops first
        for (InstanceRuntime r : started) {
            InstanceRuntime predecessor = replaced.get(r.name());
            if (predecessor != null && !predecessor.canHandOver(r)) {
                replaced.remove(r.name()).stop();
            }
        }
        for (InstanceRuntime r : started) {
            InstanceRuntime predecessor = replaced.get(r.name());
            if (predecessor != null) {
                predecessor.handOver(r);
            } else {
                r.start();
            }
        }
        if (reload && Boolean.TRUE.equals(globals.settings().flag("fifo_write_vrrp_states_on_reload"))) {
            writeStatesToFifo();
        }
        return notApplied;
    }

    /** fifo_write_vrrp_states_on_reload: every sync group's state, then every instance's, on the FIFO. */
    private void writeStatesToFifo() {
        for (SyncGroupCoordinator g : groups.values()) {
            if (g.state() != InstanceState.INIT) {
                notifier.fifoState("GROUP", g.name, g.state(), 0);
            }
        }
        for (InstanceRuntime r : instances.values()) {
            if (r.state() != InstanceState.INIT) {
                notifier.fifoState("INSTANCE", r.name(), r.state(), r.effectivePriority());
            }
        }
    }

    /**
     * notify_priority_changes: the instance's own flag, else global_defs' vrrp_notify_priority_changes;
     * a sync group's flag turns it on for its members (as keepalived does).
     */
    boolean notifiesPriorityChanges(VrrpInstance m) {
        Boolean own = m.settings().flag("notify_priority_changes");
        if (own == null && globals != null) {
            own = globals.settings().flag("vrrp_notify_priority_changes");
        }
        Fingerprint f = fingerprints.get(m.name());
        return Boolean.TRUE.equals(own)
                || (f != null && f.group() != null && f.group().notifyPriorityChanges());
    }

    /** Takes a runtime out of its sync group, which goes on with the other members (and its successor). */
    private InstanceRuntime leaveGroup(InstanceRuntime r) {
        SyncGroupCoordinator g = r.machine.group();
        if (g != null) {
            g.remove(r.machine);
        }
        return r;
    }

    private static String groupName(Fingerprint f) {
        return f == null || f.group() == null ? null : f.group().name();
    }

    /**
     * What a config changes among the instances, from what runs now: the instances whose priority
     * alone changed (applied in place), those to build (new, or changed in anything else: they
     * restart), and those that go. Timer thread.
     */
    private record Decisions(
            Map<String, Fingerprint> wanted, List<String> reprioritized, List<String> rebuilt, List<String> removed) {}

    private Decisions decide(KeepalivedConfig config) {
        Map<String, Fingerprint> wanted = new LinkedHashMap<>();
        Map<String, SyncGroup> groupOf = new HashMap<>();
        for (SyncGroup g : config.syncGroups().values()) {
            for (String member : g.members()) {
                groupOf.put(member, g);
            }
        }
        for (VrrpInstance i : config.vrrpInstances().values()) {
            SyncGroup g = groupOf.get(i.name());
            wanted.put(i.name(), new Fingerprint(i, g, trackedModels(config, i, g), globalsKey(config)));
        }
        List<String> reprioritized = new ArrayList<>();
        List<String> rebuilt = new ArrayList<>();
        for (Map.Entry<String, Fingerprint> e : wanted.entrySet()) {
            Fingerprint was = instances.containsKey(e.getKey()) ? fingerprints.get(e.getKey()) : null;
            if (was == null) {
                rebuilt.add(e.getKey());
            } else if (!was.equals(e.getValue())) {
                (restartReasons(was, e.getValue()).equals(List.of("priority")) ? reprioritized : rebuilt)
                        .add(e.getKey());
            }
        }
        List<String> removed =
                instances.keySet().stream().filter(n -> !wanted.containsKey(n)).toList();
        return new Decisions(wanted, reprioritized, rebuilt, removed);
    }

    /**
     * What differs between two fingerprints, by keyword; exactly {@code [priority]} is a change in place
     * (except for an address owner, priority 255, whose role changes with it).
     */
    private static List<String> restartReasons(Fingerprint was, Fingerprint now) {
        List<String> out = new ArrayList<>(ModelDiff.changed(ModelDiff.VRRP_INSTANCE, was.instance(), now.instance()));
        if (out.contains("priority")
                && (was.instance().priority() == VrrpStateMachine.OWNER
                        || now.instance().priority() == VrrpStateMachine.OWNER)) {
            out.set(out.indexOf("priority"), "priority (address owner)");
        }
        if (!Objects.equals(was.group(), now.group())) {
            out.add("vrrp_sync_group");
        }
        if (!Objects.equals(was.tracked(), now.tracked())) {
            out.add("tracked vrrp_script, track_file, track_process or bfd_instance");
        }
        if (!Objects.equals(was.globals(), now.globals())) {
            out.add("global_defs");
        }
        return out;
    }

    /** What {@link #apply} would change for this config, from the same decisions; changes nothing. */
    public ReloadPlan plan(KeepalivedConfig config) {
        ReloadPlan[] out = new ReloadPlan[1];
        timer.runAndWait(() -> out[0] = describe(decide(config), config));
        return out[0];
    }

    private ReloadPlan describe(Decisions d, KeepalivedConfig config) {
        ReloadPlan.Builder plan = new ReloadPlan.Builder();
        ModelDiff.Keyed groupChanges = ModelDiff.keyed(groupModels, config.syncGroups());
        groupChanges.removed().forEach(g -> plan.add(Section.VRRP_SYNC_GROUP, Action.REMOVE, g, null, null, null));
        groupChanges.added().forEach(g -> plan.add(Section.VRRP_SYNC_GROUP, Action.ADD, g, null, null, null));
        for (String g : groupChanges.changed()) {
            for (String keyword : ModelDiff.changed(
                    ModelDiff.SYNC_GROUP,
                    groupModels.get(g),
                    config.syncGroups().get(g))) {
                plan.add(Section.VRRP_SYNC_GROUP, Action.CHANGE, g, keyword, null, null);
            }
        }
        for (String name : d.removed()) {
            plan.add(Section.VRRP_INSTANCE, Action.REMOVE, name, null, null, null);
            if (instances.get(name).state() == InstanceState.MASTER) {
                plan.add(
                        Section.VRRP_INSTANCE,
                        Action.EFFECT,
                        name,
                        "MASTER sends priority 0 and removes its VIPs",
                        null,
                        null);
            }
        }
        for (String name : d.reprioritized()) {
            plan.add(
                    Section.VRRP_INSTANCE,
                    Action.CHANGE,
                    name,
                    "priority",
                    Integer.toString(fingerprints.get(name).instance().priority()),
                    Integer.toString(d.wanted().get(name).instance().priority()));
        }
        for (String name : d.rebuilt()) {
            Fingerprint was = instances.containsKey(name) ? fingerprints.get(name) : null;
            Fingerprint now = d.wanted().get(name);
            if (was == null) {
                plan.add(Section.VRRP_INSTANCE, Action.ADD, name, null, null, null);
                continue;
            }
            for (String keyword : restartReasons(was, now)) {
                restartLines(plan, name, keyword, was.instance(), now.instance());
            }
            if (instances.get(name).state() == InstanceState.MASTER) {
                plan.add(
                        Section.VRRP_INSTANCE,
                        Action.EFFECT,
                        name,
                        InstanceRuntime.handsOver(was.instance(), now.instance())
                                ? "MASTER hands over to its new config without a gap (no priority 0; VIPs it keeps stay)"
                                : "MASTER sends priority 0 and gives up its VIPs before the new config starts",
                        null,
                        null);
            }
        }
        return plan.build();
    }

    /** One line per address, route or rule for list keywords; before and after for single values. */
    private static void restartLines(
            ReloadPlan.Builder plan, String name, String keyword, VrrpInstance was, VrrpInstance now) {
        if (keyword.equals("virtual_ipaddress") || keyword.equals("virtual_ipaddress_excluded")) {
            var before = keyword.equals("virtual_ipaddress") ? was.virtualAddresses() : was.excludedAddresses();
            var after = keyword.equals("virtual_ipaddress") ? now.virtualAddresses() : now.excludedAddresses();
            ModelDiff.minus(before, after)
                    .forEach(a ->
                            plan.add(Section.VRRP_INSTANCE, Action.RESTART, name, keyword, addressText(a, was), null));
            ModelDiff.minus(after, before)
                    .forEach(a ->
                            plan.add(Section.VRRP_INSTANCE, Action.RESTART, name, keyword, null, addressText(a, now)));
            return;
        }
        Object before = ModelDiff.value(ModelDiff.VRRP_INSTANCE, keyword, was);
        Object after = ModelDiff.value(ModelDiff.VRRP_INSTANCE, keyword, now);
        String b = ModelDiff.text(before);
        String a = ModelDiff.text(after);
        boolean scalar = b != null && a != null && (before != null || after != null);
        plan.add(Section.VRRP_INSTANCE, Action.RESTART, name, keyword, scalar ? b : null, scalar ? a : null);
    }

    private static String addressText(org.keepalivedj.api.model.VirtualAddress a, VrrpInstance of) {
        return a.address() + " dev " + (a.device() != null ? a.device() : of.interfaceName());
    }

    private static List<Object> trackedModels(KeepalivedConfig config, VrrpInstance i, SyncGroup g) {
        List<Object> out = new ArrayList<>();
        List<Tracking> all = new ArrayList<>();
        all.add(i.tracking() != null ? i.tracking() : Tracking.NONE);
        if (g != null && g.tracking() != null) {
            all.add(g.tracking());
        }
        for (Tracking t : all) {
            t.scripts().forEach(r -> out.add(config.vrrpScripts().get(r.name())));
            t.files().forEach(r -> out.add(config.trackFiles().get(r.name())));
            t.processes().forEach(r -> out.add(config.trackProcesses().get(r.name())));
            // how a session is tracked, not its timers: a new min_rx does not restart the instance
            t.bfds().forEach(r -> {
                BfdInstance b = config.bfdInstances().get(r.name());
                out.add(b == null ? null : java.util.Arrays.asList(b.name(), b.weight(), b.reverse(), b.feedsVrrp()));
            });
        }
        return out;
    }

    private static Object globalsKey(KeepalivedConfig c) {
        GlobalDefs g = c.globalDefs();
        return java.util.Arrays.asList(g.vrrpMcastGroup4(), g.vrrpMcastGroup6(), Objects.toString(g.settings()));
    }

    private void wireTracking(KeepalivedConfig config, InstanceRuntime r, SyncGroup g) {
        InstanceTracker t = r.tracker;
        VrrpInstance m = r.model;
        if (!m.dontTrackPrimary()) {
            t.track("interface " + m.interfaceName(), 0, false, linkUp(m.interfaceName()));
        }
        List<Tracking> all = new ArrayList<>();
        all.add(m.tracking() != null ? m.tracking() : Tracking.NONE);
        if (g != null && g.tracking() != null) {
            all.add(g.tracking());
        }
        // a sync group member's own weights are ignored (weight 0: a failure faults the instance, and
        // the group with it) unless the group has sync_group_tracking_weight, as in keepalived
        SyncGroupWeights own = new SyncGroupWeights(m.name(), g);
        for (Tracking tr : all) {
            ToIntBiFunction<TrackRef, Integer> weight = tr == all.get(0) ? own::weight : Engine::weight;
            for (TrackRef ref : tr.interfaces()) {
                t.track("interface " + ref.name(), weight.applyAsInt(ref, 0), ref.reverse(), linkUp(ref.name()));
            }
            for (TrackRef ref : tr.scripts()) {
                VrrpScript s = config.vrrpScripts().get(ref.name());
                if (s != null) {
                    t.track(
                            "script " + s.name(),
                            weight.applyAsInt(ref, s.weight()),
                            ref.reverse() ^ s.reverse(),
                            tracking.script(s));
                }
            }
            for (TrackRef ref : tr.files()) {
                TrackFile f = config.trackFiles().get(ref.name());
                if (f != null) {
                    t.trackFile(
                            "file " + f.name(),
                            weight.applyAsInt(ref, f.weight()),
                            ref.reverse() ^ f.reverse(),
                            tracking.file(f));
                }
            }
            for (TrackRef ref : tr.processes()) {
                TrackProcess p = config.trackProcesses().get(ref.name());
                if (p != null) {
                    t.track(
                            "process " + p.name(),
                            weight.applyAsInt(ref, p.weight()),
                            ref.reverse() ^ p.reverse(),
                            tracking.process(p));
                }
            }
            for (TrackRef ref : tr.bfds()) {
                BfdInstance b = config.bfdInstances().get(ref.name());
                if (b != null && b.feedsVrrp()) {
                    // the line's weight and reverse, or else the bfd_instance's
                    boolean reverse = ref.weight() != null ? ref.reverse() : b.reverse();
                    t.track(PriorityArithmetic.Flag.bfd(
                            bfdKey(b.name()), weight(ref, b.weight()), reverse, bfdUp(b.name())));
                }
            }
        }
        for (String device : StaticTrackGroups.devices(config, m.name())) {
            t.track(StaticTrackGroups.key(device), 0, false, linkExists(device));
        }
        t.recompute();
    }

    private static int weight(TrackRef ref, Integer objectWeight) {
        return ref.weight() != null ? ref.weight() : objectWeight;
    }

    /** Whether the kernel has a link of this name now (false when it cannot be asked). */
    boolean linkExists(String name) {
        try {
            return rtnl.findLink(name).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean linkUp(String name) {
        boolean up;
        try {
            up = rtnl.findLink(name).map(Link::isRunning).orElse(false);
        } catch (RuntimeException e) {
            up = false;
        }
        interfaces.known(name, up);
        return up;
    }

    private void interfaceChanged(String name, boolean up) {
        flagChanged("interface " + name, up);
    }

    /** A link went away: the instances on it lose their socket, and its gratuitous ARP socket is closed. */
    private void linkRemoved(String name) {
        for (InstanceRuntime r : instances.values()) {
            r.linkRemoved(name);
        }
        PacketSocket p = packetSockets.remove(name);
        if (p != null) {
            p.close();
        }
    }

    /** Instances that could not open their socket (no link, no address yet) try again. */
    private void reattachAll() {
        for (InstanceRuntime r : instances.values()) {
            r.reattach();
        }
    }

    private void rereadInterfaces() {
        Set<String> names = new LinkedHashSet<>();
        for (InstanceRuntime r : instances.values()) {
            names.add(r.trackedInterface());
        }
        for (String n : names) {
            Optional<Link> link;
            try {
                link = rtnl.findLink(n);
            } catch (RuntimeException e) {
                continue;
            }
            interfaces.linkChanged(
                    n, link.isPresent(), link.map(Link::isRunning).orElse(false));
        }
    }

    /** An address left the kernel: a MASTER that tracks it as a VIP (no no_track) steps down. */
    private void addressRemoved(InetAddress address) {
        List<InstanceRuntime> affected = instances.values().stream()
                .filter(r -> r.lostTrackedAddress(address))
                .toList();
        if (affected.isEmpty() || stillPresent(address)) {
            return; // none of ours, or put back already (a MASTER that left and came back)
        }
        affected.forEach(r -> r.trackedAddressRemoved(address));
    }

    private boolean stillPresent(InetAddress address) {
        try {
            return rtnl.addresses().stream().anyMatch(a -> a.address().equals(address));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void flagChanged(String key, boolean up) {
        for (InstanceRuntime r : instances.values()) {
            if (r.tracker.tracks(key)) {
                r.tracker.update(key, up);
            }
        }
    }

    private void valueChanged(String key, long value) {
        for (InstanceRuntime r : instances.values()) {
            if (r.tracker.tracks(key)) {
                r.tracker.updateFile(key, value);
            }
        }
    }

    /** Adverts for a VRID no instance runs, summed over the sockets open now. */
    public long unknownVridCount() {
        long[] count = {0};
        timer.runAndWait(() -> sockets.values().forEach(s -> count[0] += s.unknownVridCount()));
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

    /** The address adverts go out from: the interface's first IPv4 address, or its IPv6 link-local. */
    InetAddress primaryAddress(String interfaceName, boolean ipv6) {
        int index = rtnl.link(interfaceName).index();
        InetAddress fallback = null;
        for (IfAddress a : rtnl.addresses()) {
            if (a.interfaceIndex() != index || (a.flags() & IfAddress.IFA_F_SECONDARY) != 0) {
                continue;
            }
            if (!ipv6 && a.address() instanceof Inet4Address) {
                return a.address();
            }
            if (ipv6 && a.address() instanceof Inet6Address) {
                if (a.address().isLinkLocalAddress()) {
                    return a.address();
                }
                fallback = fallback == null ? a.address() : fallback;
            }
        }
        if (fallback != null) {
            return fallback;
        }
        throw new IllegalStateException(
                "interface " + interfaceName + " has no " + (ipv6 ? "IPv6" : "IPv4") + " address");
    }

    SharedSocket acquireSocket(String interfaceName, boolean ipv6) {
        return sockets.computeIfAbsent(
                new SocketKey(interfaceName, ipv6),
                k -> new SharedSocket(
                        ipv6 ? VrrpSocket.openIpv6(interfaceName) : VrrpSocket.openIpv4(interfaceName),
                        timer,
                        localAddresses::contains,
                        dropLogInterval,
                        () -> logUnknownVrids));
    }

    void releaseSocket(SharedSocket s, int vrid, SharedSocket.Receiver r) {
        if (s.unregister(vrid, r)) {
            sockets.remove(new SocketKey(s.interfaceName, s.ipv6));
            s.close();
        }
    }

    PacketSocket packetSocket(String interfaceName) {
        return packetSockets.computeIfAbsent(interfaceName, n -> PacketSocket.open(n, PacketSocket.ETH_P_ARP));
    }

    PromoteSecondaries promoteSecondaries() {
        return promoteSecondaries;
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
        SyncGroup model = groupModels.get(g.name);
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

    private void publish() {
        views = List.copyOf(instances.values());
        Map<String, List<String>> g = new LinkedHashMap<>();
        for (SyncGroupCoordinator c : groups.values()) {
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
        TrackingRuntime t = tracking;
        return t == null ? Map.of() : t.scriptStatuses();
    }

    @Override
    public Map<String, Long> trackFileValues() {
        TrackingRuntime t = tracking;
        return t == null ? Map.of() : t.fileValues();
    }

    @Override
    public void addListener(VrrpStateListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(VrrpStateListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        bfdSource(null);
        stop();
        if (monitor != null) {
            monitor.close();
        }
        notifier.close();
        timer.close();
        if (ownScripts != null) {
            ownScripts.close();
        }
    }
}
