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
    void aFactoryLeavingStopsItsCheckersAndKeepsTheirVerdict() {
        Rig rig = new Rig().load(CONF);
        var rs = rig.rs("192.0.2.1:80/tcp", "10.0.0.1:80");
        rig.clock.advanceSeconds(3);
        rig.engine.removeFactory(rig.checks);
        assertEquals(1, rig.checks.closed);
        int attempts = rig.checks.attempts("10.0.0.1:80").size();
        rig.checks.set("10.0.0.1:80", Answer.DOWN);
        rig.clock.advanceSeconds(10);
        assertEquals(attempts, rig.checks.attempts("10.0.0.1:80").size());
        assertTrue(rs.up());
        assertFalse(rs.checkers().get(0).running());

        rig.engine.addFactory(rig.checks);
        rig.clock.runPending();
        assertFalse(rs.up(), "checks resume when it comes back");
    }
}
