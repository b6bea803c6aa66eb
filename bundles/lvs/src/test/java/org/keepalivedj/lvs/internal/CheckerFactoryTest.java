package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.lvs.internal.FakeChecks.Answer;

/** Checker bundles come and go: a late factory starts its checkers, a leaving one stops them. */
class CheckerFactoryTest {
    private static final String CONF = """
            virtual_server 192.0.2.1 80 {
                protocol TCP
                delay_loop 2
                real_server 10.0.0.1 80 {
                    TCP_CHECK {
                        retry 0
                    }
                }
            }
            """;

    @Test
    void aFactoryArrivingLaterStartsItsCheckers() {
        Rig rig = new Rig(false).load(CONF);
        var rs = rig.rs("192.0.2.1:80/tcp", "10.0.0.1:80");
        rig.clock.advanceSeconds(5);
        assertEquals(List.of(), rig.checks.attempts("10.0.0.1:80"));
        assertFalse(rs.checkers().get(0).running());
        assertTrue(rs.up(), "start state until a checker says otherwise");

        rig.checks.set("10.0.0.1:80", Answer.DOWN);
        rig.engine.addFactory(rig.checks);
        rig.clock.runPending();
        assertTrue(rs.checkers().get(0).running());
        assertFalse(rs.up());
    }

    @Test
    void aFactoryLeavingStopsItsCheckersAndTheirServerTakesItsStartStateOnce() {
        Rig rig = new Rig().load(CONF);
        var rs = rig.rs("192.0.2.1:80/tcp", "10.0.0.1:80");
        rig.checks.set("10.0.0.1:80", Answer.DOWN);
        rig.until(() -> !rs.up(), 10);
        List<Boolean> transitions = new java.util.ArrayList<>();
        rig.engine.addListener(new org.keepalivedj.api.lvs.LvsStateListener() {
            @Override
            public void realServerChanged(
                    org.keepalivedj.api.lvs.VirtualServerView v, org.keepalivedj.api.lvs.RealServerView r, boolean up) {
                transitions.add(up);
            }
        });

        rig.engine.removeFactory(rig.checks);
        assertEquals(1, rig.checks.closed);
        assertTrue(rs.up(), "no alpha: an unchecked server counts as up, as at start");
        assertFalse(rs.checkers().get(0).running());
        int attempts = rig.checks.attempts("10.0.0.1:80").size();
        rig.clock.advanceSeconds(10);
        assertEquals(attempts, rig.checks.attempts("10.0.0.1:80").size(), "no attempt without the factory");
        assertEquals(List.of(true), transitions, "one transition (up), no flapping");

        rig.engine.addFactory(rig.checks);
        rig.clock.runPending();
        rig.until(() -> !rs.up(), 10);
        assertTrue(rs.checkers().get(0).running(), "checks resume when it comes back");
    }

    @Test
    void withAlphaAServerWhoseOnlyCheckerLeavesGoesDownAndStaysDown() {
        Rig rig = new Rig().load(CONF.replace("delay_loop 2", "delay_loop 2\n    alpha"));
        var rs = rig.rs("192.0.2.1:80/tcp", "10.0.0.1:80");
        rig.checks.set("10.0.0.1:80", Answer.UP);
        rig.until(rs::up, 10);

        rig.engine.removeFactory(rig.checks);
        assertFalse(rs.up(), "alpha: an unchecked server counts as down");
        rig.clock.advanceSeconds(10);
        assertFalse(rs.up());
        rig.clock.runPending();
        assertEquals(java.util.Map.of(), rig.plane.weights(), "out of the service");
    }
}
