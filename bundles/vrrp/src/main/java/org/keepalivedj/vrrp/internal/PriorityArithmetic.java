package org.keepalivedj.vrrp.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * keepalived's effective priority: the base priority plus the weights of tracked objects,
 * clamped to 1..254 (an owner's 255 never moves). For an up/down object (interface, script,
 * process, BFD session) a positive weight is added while it is up, a negative weight while it is
 * down, and no weight (0) means down is a fault. reverse swaps up and down and turns the weight's
 * sign: weight 5 reverse is -5 while up, 0 while down; weight -5 reverse is +5 while down, 0 while
 * up (keepalived 2.2.7, observed on interfaces, scripts and BFD sessions). A track_file adds value * weight
 * (negated by reverse); with weight 0 any non-zero value is a fault, and a result of -254 or less is a fault.
 */
final class PriorityArithmetic {

    /** An up/down object as one instance tracks it (weight and reverse as written in the config). */
    record Flag(String what, int weight, boolean reverse, boolean up) {}

    /** A track_file as one instance tracks it. */
    record FileValue(String what, int weight, boolean reverse, long value) {}

    record Result(int effectivePriority, boolean fault, List<String> reasons) {}

    private PriorityArithmetic() {}

    static Result compute(int base, Collection<Flag> flags, Collection<FileValue> files) {
        long delta = 0;
        List<String> reasons = new ArrayList<>();
        for (Flag f : flags) {
            boolean up = f.up() != f.reverse();
            int weight = f.reverse() ? -f.weight() : f.weight();
            if (weight == 0) {
                if (!up) {
                    reasons.add(f.what() + " down");
                }
            } else if (weight > 0 && up) {
                delta += weight;
            } else if (weight < 0 && !up) {
                delta += weight;
            }
        }
        for (FileValue v : files) {
            if (v.weight() == 0) {
                if (v.value() != 0) {
                    reasons.add(v.what() + " value " + v.value());
                }
                continue;
            }
            long contribution = v.value() * v.weight() * (v.reverse() ? -1 : 1);
            if (contribution <= -254) {
                reasons.add(v.what() + " value " + v.value());
            } else {
                delta += contribution;
            }
        }
        int effective = base == VrrpStateMachine.OWNER ? base : (int) Math.max(1, Math.min(254, base + delta));
        return new Result(effective, !reasons.isEmpty(), reasons);
    }
}
