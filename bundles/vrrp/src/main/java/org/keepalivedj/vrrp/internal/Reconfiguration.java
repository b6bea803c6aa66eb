package org.keepalivedj.vrrp.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.daemon.ReloadPlan.Action;
import org.keepalivedj.api.daemon.ReloadPlan.Section;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.ModelDiff;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.Tracking;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.vrrp.InstanceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a config to the running instances by difference: an instance whose fingerprint (its model,
 * its sync group, what it tracks, the globals it reads) is unchanged keeps its state and addresses, a
 * new priority alone is applied in place, anything else rebuilds the instance, which replaces the
 * running one (a MASTER hands over without a gap). The same decisions give the reload plan. Owns the
 * running instances and sync groups. Timer thread.
 */
final class Reconfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    /** Everything an instance depends on: when it is equal across a reload, the instance is kept. */
    private record Fingerprint(VrrpInstance instance, SyncGroup group, List<Object> tracked, Object globals) {}

    private final Engine engine;
    private final Map<String, InstanceRuntime> instances = new LinkedHashMap<>();
    private final Map<String, Fingerprint> fingerprints = new HashMap<>();
    private final Map<String, SyncGroupCoordinator> groups = new LinkedHashMap<>();
    private final Map<String, SyncGroup> groupModels = new HashMap<>();

    Reconfiguration(Engine engine) {
        this.engine = engine;
    }

    /** The running instances in config order (a live, read-only view). */
    Collection<InstanceRuntime> instances() {
        return Collections.unmodifiableCollection(instances.values());
    }

    /** The running sync groups (a live, read-only view). */
    Collection<SyncGroupCoordinator> groups() {
        return Collections.unmodifiableCollection(groups.values());
    }

    SyncGroup groupModel(String name) {
        return groupModels.get(name);
    }

    /** Stops every instance: priority 0 from masters, addresses removed, sockets released. */
    void stopAll() {
        for (InstanceRuntime i : instances.values()) {
            i.stop();
        }
        instances.clear();
        fingerprints.clear();
        groups.clear();
        groupModels.clear();
    }

    /**
     * Runs this config from now on; returns what could not be applied (a changed instance the kernel
     * would refuse keeps running as configured before), one message each.
     */
    List<String> apply(KeepalivedConfig config) {
        GlobalDefs globals = config.globalDefs();
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
                r = new InstanceRuntime(f.instance(), engine);
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
            engine.tracking().wire(config, r, f.group(), engine.events());
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
        engine.publish();
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
        engine.deleteLinksNoInstanceUses(instances.values());
        return notApplied;
    }

    /**
     * notify_priority_changes: the instance's own flag, else global_defs' vrrp_notify_priority_changes;
     * a sync group's flag turns it on for its members (as keepalived does).
     */
    boolean notifiesPriorityChanges(VrrpInstance m) {
        Boolean own = m.settings().flag("notify_priority_changes");
        Settings globals = engine.globalSettings();
        if (own == null && globals != null) {
            own = globals.flag("vrrp_notify_priority_changes");
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
    ReloadPlan plan(KeepalivedConfig config) {
        Decisions d = decide(config);
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
}
