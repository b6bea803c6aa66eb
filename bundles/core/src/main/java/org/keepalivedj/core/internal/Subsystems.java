package org.keepalivedj.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.keepalivedj.api.daemon.ApplyException;
import org.keepalivedj.api.daemon.ReloadPlan;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subsystems the daemon drives, in start order. Subsystems are OSGi services and may arrive after
 * the config was loaded (a feature installed later): a late one gets the running config at once.
 * bin/keepalived -P / -C restrict which kinds run.
 */
final class Subsystems {
    private static final Logger LOG = LoggerFactory.getLogger(Subsystems.class);
    private static final Comparator<Subsystem> START_ORDER = Comparator.comparingInt(Subsystem::order);

    private final Set<Subsystem.Kind> enabledKinds;
    private final List<Subsystem> active = new ArrayList<>();
    private KeepalivedConfig running;

    Subsystems(Set<Subsystem.Kind> enabledKinds) {
        this.enabledKinds = Set.copyOf(enabledKinds);
    }

    /** The kinds selected by bin/keepalived: -P is VRRP only, -C checkers only, else all. */
    static Set<Subsystem.Kind> kindsFor(String only) {
        if ("vrrp".equals(only)) {
            return Set.of(Subsystem.Kind.STATIC, Subsystem.Kind.VRRP, Subsystem.Kind.MANAGEMENT);
        }
        if ("check".equals(only)) {
            return Set.of(Subsystem.Kind.STATIC, Subsystem.Kind.CHECKER, Subsystem.Kind.MANAGEMENT);
        }
        return Set.of(Subsystem.Kind.values());
    }

    synchronized void add(Subsystem subsystem) {
        if (!enabledKinds.contains(subsystem.kind())) {
            LOG.info("Subsystem {} not started: this instance runs only {}", subsystem.name(), enabledKinds);
            return;
        }
        active.add(subsystem);
        active.sort(START_ORDER);
        if (running != null) {
            // The late one gets the running config, and so does every subsystem that follows it
            // (management views follow VRRP and LVS): apply is a diff, so repeating it is cheap.
            for (Subsystem s : active) {
                if (s == subsystem || s.order() > subsystem.order()) {
                    applyTo(s, running);
                }
            }
        }
    }

    synchronized void remove(Subsystem subsystem) {
        if (active.remove(subsystem)) {
            stop(subsystem);
        }
    }

    /**
     * Hands a valid config to every subsystem, in start order. Returns the objects that could not be
     * built (their previous runtimes keep running), as {@code file:line:col: message}; empty when all
     * of the config runs.
     */
    synchronized List<String> apply(KeepalivedConfig config) {
        running = config;
        List<String> notApplied = new ArrayList<>();
        for (Subsystem s : active) {
            notApplied.addAll(applyTo(s, config));
        }
        return notApplied;
    }

    /**
     * What {@link #apply} would change for this config: each subsystem's part, from what it runs now
     * and the decisions its apply makes. Changes nothing.
     */
    synchronized ReloadPlan plan(KeepalivedConfig config) {
        List<ReloadPlan> parts = new ArrayList<>();
        for (Subsystem s : active) {
            parts.add(s.plan(config));
        }
        return ReloadPlan.of(parts);
    }

    /** Stops every subsystem, last started first. */
    synchronized void stopAll() {
        List<Subsystem> reverse = new ArrayList<>(active);
        reverse.sort(START_ORDER.reversed());
        reverse.forEach(Subsystems::stop);
        active.clear();
        running = null;
    }

    /**
     * Whether this config runs in every subsystem it needs: VRRP when it has instances, the checker
     * engine when it has virtual servers (each only when this instance runs that kind).
     */
    synchronized boolean applied(KeepalivedConfig config) {
        if (running != config) {
            return false;
        }
        boolean vrrp = config.vrrpInstances().isEmpty()
                || !enabledKinds.contains(Subsystem.Kind.VRRP)
                || runs(Subsystem.Kind.VRRP);
        boolean checker = config.virtualServers().isEmpty()
                || !enabledKinds.contains(Subsystem.Kind.CHECKER)
                || runs(Subsystem.Kind.CHECKER);
        return vrrp && checker;
    }

    private boolean runs(Subsystem.Kind kind) {
        return active.stream().anyMatch(s -> s.kind() == kind);
    }

    synchronized List<String> names() {
        return active.stream().map(Subsystem::name).toList();
    }

    private static List<String> applyTo(Subsystem s, KeepalivedConfig config) {
        try {
            s.apply(config);
            return List.of();
        } catch (ApplyException e) {
            // the subsystem logged each object; the caller reports them in the load result
            return e.problems();
        } catch (RuntimeException e) {
            // One subsystem's bug must not keep the others from running.
            LOG.error("Subsystem {} failed to apply the configuration", s.name(), e);
            return List.of("subsystem " + s.name() + " failed to apply the configuration: " + e);
        }
    }

    private static void stop(Subsystem s) {
        try {
            s.stop();
        } catch (RuntimeException e) {
            LOG.error("Subsystem {} failed to stop cleanly", s.name(), e);
        }
    }
}
