package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.vrrp.internal.PriorityArithmetic.FileValue;
import org.keepalivedj.vrrp.internal.PriorityArithmetic.Flag;

/** keepalived's effective-priority arithmetic. */
class PriorityArithmeticTest {

    @Test
    void positiveWeightsCountWhileUpNegativeWhileDown() {
        var r = PriorityArithmetic.compute(
                100,
                List.of(
                        new Flag("interface eth1", 2, false, true),
                        new Flag("interface eth2", -2, false, false),
                        new Flag("script a", 10, false, false),
                        new Flag("script b", -10, false, true)),
                List.of());
        assertEquals(100, r.effectivePriority());
        assertFalse(r.fault());
    }

    /**
     * Observed with keepalived 2.2.7 (base priority 100): track_interface {d1 weight 5 reverse} and
     * track_script {s_ok weight 7 reverse; s_fail weight 11 reverse} gave 88 with d1 up, s_ok
     * succeeding and s_fail failing, and 93 with d1 down; the same with weights -5, -7, -11 gave
     * 111 and 116.
     */
    @Test
    void reverseSwapsUpAndDownAndTurnsTheWeightsSignOnInterfacesAndScripts() {
        assertEquals(
                88, priority(flag("interface d1", 5, true), flag("script s_ok", 7, true), down("script s_fail", 11)));
        assertEquals(93, priority(down("interface d1", 5), flag("script s_ok", 7, true), down("script s_fail", 11)));
        assertEquals(
                111,
                priority(flag("interface d1", -5, true), flag("script s_ok", -7, true), down("script s_fail", -11)));
        assertEquals(
                116, priority(down("interface d1", -5), flag("script s_ok", -7, true), down("script s_fail", -11)));
    }

    private static Flag flag(String what, int weight, boolean up) {
        return new Flag(what, weight, true, up);
    }

    private static Flag down(String what, int weight) {
        return new Flag(what, weight, true, false);
    }

    private static int priority(Flag... flags) {
        return PriorityArithmetic.compute(100, List.of(flags), List.of()).effectivePriority();
    }

    /** Observed with keepalived 2.2.7 tracking a session to FRR bfdd (base priority 100). */
    @Test
    void bfdReverseTurnsTheWeightsSignAsKeepalivedDoes() {
        int[][] cases = {
            // weight, reverse (1), session up (1), keepalived's effective priority
            {10, 1, 1, 90}, {10, 1, 0, 100}, {-10, 1, 1, 100}, {-10, 1, 0, 110},
            {10, 0, 1, 110}, {10, 0, 0, 100}, {-10, 0, 1, 100}, {-10, 0, 0, 90},
        };
        for (int[] c : cases) {
            Flag f = new Flag("bfd frr", c[0], c[1] == 1, c[2] == 1);
            assertEquals(
                    c[3],
                    PriorityArithmetic.compute(100, List.of(f), List.of()).effectivePriority(),
                    java.util.Arrays.toString(c));
        }
        assertTrue(PriorityArithmetic.compute(100, List.of(new Flag("bfd frr", 0, false, false)), List.of())
                .fault());
        assertTrue(
                PriorityArithmetic.compute(100, List.of(new Flag("bfd frr", 0, true, true)), List.of())
                        .fault(),
                "weight 0 reverse: down while the session is Up");
        assertFalse(PriorityArithmetic.compute(100, List.of(new Flag("bfd frr", 0, true, false)), List.of())
                .fault());
    }

    @Test
    void noWeightMeansDownIsAFault() {
        var r = PriorityArithmetic.compute(100, List.of(new Flag("interface eth3", 0, false, false)), List.of());
        assertTrue(r.fault());
        assertEquals(List.of("interface eth3 down"), r.reasons());
    }

    @Test
    void resultsAreClampedAndAnOwnerNeverMoves() {
        assertEquals(
                254,
                PriorityArithmetic.compute(250, List.of(new Flag("s", 50, false, true)), List.of())
                        .effectivePriority());
        assertEquals(
                1,
                PriorityArithmetic.compute(10, List.of(new Flag("s", -50, false, false)), List.of())
                        .effectivePriority());
        assertEquals(
                255,
                PriorityArithmetic.compute(255, List.of(new Flag("s", -50, false, false)), List.of())
                        .effectivePriority());
    }

    @Test
    void trackFileMultipliesValueByWeight() {
        assertEquals(
                130,
                PriorityArithmetic.compute(100, List.of(), List.of(new FileValue("f", 3, false, 10)))
                        .effectivePriority());
        assertEquals(
                70,
                PriorityArithmetic.compute(100, List.of(), List.of(new FileValue("f", 3, true, 10)))
                        .effectivePriority());
        assertTrue(PriorityArithmetic.compute(100, List.of(), List.of(new FileValue("f", 0, false, 1)))
                .fault());
        assertFalse(PriorityArithmetic.compute(100, List.of(), List.of(new FileValue("f", 0, false, 0)))
                .fault());
        assertTrue(PriorityArithmetic.compute(100, List.of(), List.of(new FileValue("f", -1, false, 254)))
                .fault());
    }
}
