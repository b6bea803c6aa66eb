package org.keepalivedj.vrrp.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntBiFunction;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.bfd.BfdUpSessions;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.TrackFile;
import org.keepalivedj.api.model.TrackProcess;
import org.keepalivedj.api.model.TrackRef;
import org.keepalivedj.api.model.Tracking;
import org.keepalivedj.api.model.VrrpInstance;
import org.keepalivedj.api.model.VrrpScript;
import org.keepalivedj.api.script.ScriptService;
import org.keepalivedj.api.vrrp.ScriptStatus;

/**
 * What the instances track, wired to where its state comes from: interfaces (link events),
 * vrrp_scripts, track_files and track_processes ({@link TrackingRuntime}), BFD sessions (heard
 * through {@link #bfdListener}) and static track groups. A change reaches the instances that track
 * it. Timer thread, except the BFD listener (the BFD thread).
 */
final class TrackingWiring implements AutoCloseable {

    private static final String BFD_KEY = "bfd ";

    private final TimerThread timer;
    private final ScriptService scripts;
    private final Collection<InstanceRuntime> instances;
    /** Written on the timer thread, read by the runtime views (script statuses). */
    private volatile TrackingRuntime tracking;
    /**
     * The BFD sessions that are Up, as the BFD runtime told its listener; empty while none is bound
     * (every tracked session counts as down).
     */
    private final BfdUpSessions bfdUp = new BfdUpSessions();

    private final BfdSessionListener bfdListener = new BfdSessionListener() {
        @Override
        public void bound(List<BfdSessionView> sessions) {
            bfdUp.bound(sessions);
            timer.execute(TrackingWiring.this::rereadBfd);
        }

        @Override
        public void stateChanged(BfdSessionView session, String from, String to) {
            if (bfdUp.changed(session, from, to)) {
                boolean up = "Up".equals(to);
                timer.execute(() -> flagChanged(bfdKey(session.name()), up));
            }
        }
    };

    /** @param instances the running instances (a live view) */
    TrackingWiring(TimerThread timer, ScriptService scripts, Collection<InstanceRuntime> instances) {
        this.timer = timer;
        this.scripts = scripts;
        this.instances = instances;
    }

    /** The vrrp_scripts' verdicts by name (any thread). */
    Map<String, ScriptStatus> scriptStatuses() {
        TrackingRuntime t = tracking;
        return t == null ? Map.of() : t.scriptStatuses();
    }

    /** The track_files' last values by name (any thread). */
    Map<String, Long> fileValues() {
        TrackingRuntime t = tracking;
        return t == null ? Map.of() : t.fileValues();
    }

    /** The track_processes' counts and verdicts by name (any thread). */
    Map<String, org.keepalivedj.api.vrrp.ProcessStatus> processStatuses() {
        TrackingRuntime t = tracking;
        return t == null ? Map.of() : t.processStatuses();
    }

    /** A config's global_defs: the script user and script security of tracking scripts. */
    void globals(GlobalDefs globals) {
        if (tracking == null) {
            tracking = new TrackingRuntime(timer, scripts, globals.scriptUser(), this::flagChanged, this::valueChanged);
        }
        tracking.scriptSecurity(globals.enableScriptSecurity());
    }

    /**
     * What track_bfd hears the BFD sessions through: told the sessions when bound, then every change
     * (the BFD thread). Without one bound every tracked session counts as down.
     */
    BfdSessionListener bfdListener() {
        return bfdListener;
    }

    /** Every instance's tracked sessions set from what the listener was told (timer thread). */
    private void rereadBfd() {
        for (InstanceRuntime r : instances) {
            for (String key : List.copyOf(r.tracker.keys())) {
                if (key.startsWith(BFD_KEY)) {
                    r.tracker.update(key, bfdUp(key.substring(BFD_KEY.length())));
                }
            }
        }
    }

    private static String bfdKey(String session) {
        return BFD_KEY + session;
    }

    private boolean bfdUp(String session) {
        return bfdUp.isUp(session);
    }

    /**
     * Tracks for a new runtime what its model and its sync group name, each at its current state
     * (interfaces' and links' read from links).
     */
    void wire(KeepalivedConfig config, InstanceRuntime r, SyncGroup g, KernelEvents links) {
        InstanceTracker t = r.tracker;
        VrrpInstance m = r.model;
        if (!m.dontTrackPrimary()) {
            t.track("interface " + m.interfaceName(), 0, false, links.linkUp(m.interfaceName()));
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
            ToIntBiFunction<TrackRef, Integer> weight = tr == all.get(0) ? own::weight : TrackingWiring::weight;
            for (TrackRef ref : tr.interfaces()) {
                t.track("interface " + ref.name(), weight.applyAsInt(ref, 0), ref.reverse(), links.linkUp(ref.name()));
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
                    t.track(new PriorityArithmetic.Flag(
                            bfdKey(b.name()), weight(ref, b.weight()), reverse, bfdUp(b.name())));
                }
            }
        }
        for (String device : StaticTrackGroups.devices(config, m.name())) {
            t.track(StaticTrackGroups.key(device), 0, false, links.linkUp(device));
        }
        t.recompute();
    }

    private static int weight(TrackRef ref, Integer objectWeight) {
        return ref.weight() != null ? ref.weight() : objectWeight;
    }

    /** A tracked flag went up or down: the instances that track it follow. */
    void flagChanged(String key, boolean up) {
        for (InstanceRuntime r : instances) {
            if (r.tracker.tracks(key)) {
                r.tracker.update(key, up);
            }
        }
    }

    private void valueChanged(String key, long value) {
        for (InstanceRuntime r : instances) {
            if (r.tracker.tracks(key)) {
                r.tracker.updateFile(key, value);
            }
        }
    }

    /** Stops the scripts and watches (the engine stopped); the next config starts them again. */
    @Override
    public void close() {
        if (tracking != null) {
            tracking.close();
            tracking = null;
        }
    }
}
