package org.keepalivedj.vrrp.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one instance tracks, with each object's latest state; every change recomputes the
 * effective priority and fault and hands them to the state machine. Timer thread only.
 */
final class InstanceTracker {

    private final VrrpStateMachine machine;
    private final Map<String, PriorityArithmetic.Flag> flags = new LinkedHashMap<>();
    private final Map<String, PriorityArithmetic.FileValue> files = new LinkedHashMap<>();
    /** Written on the timer thread, read by management too (the base priority it reports). */
    private volatile Integer priorityOverride;

    InstanceTracker(VrrpStateMachine machine) {
        this.machine = machine;
    }

    /** Declares an up/down object (key e.g. {@code interface eth0}, {@code script chk}) with its first state. */
    void track(String key, int weight, boolean reverse, boolean up) {
        flags.put(key, new PriorityArithmetic.Flag(key, weight, reverse, up));
    }

    void track(PriorityArithmetic.Flag flag) {
        flags.put(flag.what(), flag);
    }

    void trackFile(String key, int weight, boolean reverse, long value) {
        files.put(key, new PriorityArithmetic.FileValue(key, weight, reverse, value));
    }

    /** The keys of the up/down objects tracked. */
    java.util.Set<String> keys() {
        return flags.keySet();
    }

    boolean tracks(String key) {
        return flags.containsKey(key) || files.containsKey(key);
    }

    void update(String key, boolean up) {
        PriorityArithmetic.Flag f = flags.get(key);
        if (f != null && f.up() != up) {
            flags.put(key, new PriorityArithmetic.Flag(key, f.weight(), f.reverse(), up));
            recompute();
        }
    }

    void updateFile(String key, long value) {
        PriorityArithmetic.FileValue v = files.get(key);
        if (v != null && v.value() != value) {
            files.put(key, new PriorityArithmetic.FileValue(key, v.weight(), v.reverse(), value));
            recompute();
        }
    }

    void priorityOverride(Integer priority) {
        this.priorityOverride = priority;
        recompute();
    }

    Integer priorityOverride() {
        return priorityOverride;
    }

    int basePriority() {
        return priorityOverride != null ? priorityOverride : machine.settings.basePriority();
    }

    /** Pushes the current result to the state machine. */
    void recompute() {
        PriorityArithmetic.Result r = PriorityArithmetic.compute(basePriority(), flags.values(), files.values());
        machine.effectivePriority(r.effectivePriority());
        machine.fault(r.fault(), r.reasons());
    }
}
