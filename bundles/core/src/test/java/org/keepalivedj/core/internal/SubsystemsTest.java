package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.daemon.ApplyException;
import org.keepalivedj.api.daemon.Subsystem;
import org.keepalivedj.api.model.KeepalivedConfig;

class SubsystemsTest {

    private final List<String> calls = new ArrayList<>();

    /** A subsystem that records what the daemon asks of it. */
    private class Recording implements Subsystem {
        private final String name;
        private final Kind kind;
        private final int order;
        private final boolean failing;

        Recording(String name, Kind kind, int order, boolean failing) {
            this.name = name;
            this.kind = kind;
            this.order = order;
            this.failing = failing;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public int order() {
            return order;
        }

        @Override
        public void apply(KeepalivedConfig config) {
            calls.add("apply " + name);
            if (failing) {
                throw new IllegalStateException("broken " + name);
            }
        }

        @Override
        public void stop() {
            calls.add("stop " + name);
        }
    }

    private static KeepalivedConfig empty() {
        return new KeepalivedConfig(
                null, null, List.of(), List.of(), List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                List.of(), List.of(), null, Map.of(), null, Map.of(), Map.of(), null);
    }

    @Test
    void appliesInStartOrderAndStopsInReverse() {
        Subsystems s = new Subsystems(Subsystems.kindsFor(null));
        s.add(new Recording("lvs", Subsystem.Kind.CHECKER, Subsystem.ORDER_LVS, false));
        s.add(new Recording("static", Subsystem.Kind.STATIC, Subsystem.ORDER_STATIC, false));
        s.add(new Recording("vrrp", Subsystem.Kind.VRRP, Subsystem.ORDER_VRRP, false));
        s.apply(empty());
        s.stopAll();
        assertEquals(List.of("apply static", "apply vrrp", "apply lvs", "stop lvs", "stop vrrp", "stop static"), calls);
    }

    @Test
    void aLateSubsystemGetsTheRunningConfig() {
        Subsystems s = new Subsystems(Subsystems.kindsFor(null));
        s.apply(empty());
        s.add(new Recording("vrrp", Subsystem.Kind.VRRP, Subsystem.ORDER_VRRP, false));
        assertEquals(List.of("apply vrrp"), calls);
    }

    @Test
    void aLateSubsystemIsFollowedByThoseAfterIt() {
        Subsystems s = new Subsystems(Subsystems.kindsFor(null));
        s.add(new Recording("static", Subsystem.Kind.STATIC, Subsystem.ORDER_STATIC, false));
        s.add(new Recording("mbeans", Subsystem.Kind.MANAGEMENT, Subsystem.ORDER_MANAGEMENT, false));
        s.apply(empty());
        calls.clear();
        s.add(new Recording("vrrp", Subsystem.Kind.VRRP, Subsystem.ORDER_VRRP, false));
        assertEquals(List.of("apply vrrp", "apply mbeans"), calls);
    }

    @Test
    void vrrpOnlyLeavesTheCheckersOut() {
        Subsystems s = new Subsystems(Subsystems.kindsFor("vrrp"));
        s.add(new Recording("lvs", Subsystem.Kind.CHECKER, Subsystem.ORDER_LVS, false));
        s.add(new Recording("vrrp", Subsystem.Kind.VRRP, Subsystem.ORDER_VRRP, false));
        s.apply(empty());
        assertEquals(List.of("apply vrrp"), calls);
        assertEquals(List.of("vrrp"), s.names());
    }

    @Test
    void oneFailingSubsystemDoesNotStopTheOthers() {
        Subsystems s = new Subsystems(Subsystems.kindsFor(null));
        s.add(new Recording("static", Subsystem.Kind.STATIC, Subsystem.ORDER_STATIC, true));
        s.add(new Recording("vrrp", Subsystem.Kind.VRRP, Subsystem.ORDER_VRRP, false));
        List<String> notApplied = s.apply(empty());
        assertEquals(List.of("apply static", "apply vrrp"), calls);
        assertEquals(1, notApplied.size(), "a subsystem's bug leaves the config not fully applied: " + notApplied);
    }

    @Test
    void objectsASubsystemCouldNotBuildAreReturnedAndTheOthersStillApply() {
        Subsystems s = new Subsystems(Subsystems.kindsFor(null));
        s.add(new Recording("vrrp", Subsystem.Kind.VRRP, Subsystem.ORDER_VRRP, false) {
            @Override
            public void apply(KeepalivedConfig config) {
                super.apply(config);
                throw new ApplyException(List.of("k.conf:3:5: interface eth9 does not exist"));
            }
        });
        s.add(new Recording("lvs", Subsystem.Kind.CHECKER, Subsystem.ORDER_LVS, false));
        assertEquals(List.of("k.conf:3:5: interface eth9 does not exist"), s.apply(empty()));
        assertEquals(List.of("apply vrrp", "apply lvs"), calls);
        assertEquals(List.of(), new Subsystems(Subsystems.kindsFor(null)).apply(empty()));
    }
}
