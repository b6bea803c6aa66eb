package org.keepalivedj.api.vrrp;

import java.util.List;
import java.util.Optional;

/**
 * The running VRRP subsystem: published as one OSGi service by the vrrp bundle. Its state changes go
 * to every {@link VrrpStateListener} service (the whiteboard).
 */
public interface VrrpRuntime {

    /** The instances now running, in config order. */
    List<VrrpInstanceView> instances();

    Optional<VrrpInstanceView> instance(String name);

    /** Sync group name to member instance names. */
    java.util.Map<String, List<String>> syncGroups();

    /** The tracked vrrp_scripts now running, by name, with their verdicts (empty when none run). */
    default java.util.Map<String, ScriptStatus> scriptStatuses() {
        return java.util.Map.of();
    }

    /** The tracked track_files' last values read, by name (empty when none is tracked). */
    default java.util.Map<String, Long> trackFileValues() {
        return java.util.Map.of();
    }

    /** The tracked vrrp_track_processes, by name, with their counts and verdicts (empty when none is tracked). */
    default java.util.Map<String, ProcessStatus> trackProcessStatuses() {
        return java.util.Map.of();
    }

    /**
     * The latest the VRRP timer thread has run a task after its due time since start, in
     * nanoseconds: how far the protocol's timers can be trusted (0 when not measured).
     */
    default long maxTimerLatenessNanos() {
        return 0;
    }

    /** Timer stalls longer than 250 ms seen since start (JVM or process pauses); 0 when not measured. */
    default long timerPauses() {
        return 0;
    }
}
