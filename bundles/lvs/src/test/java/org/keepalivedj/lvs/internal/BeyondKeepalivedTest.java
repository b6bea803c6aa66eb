package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.AdminState;
import org.keepalivedj.lvs.internal.FakeChecks.Answer;

/** rise/fall, slow_start and admin states: our keywords beyond keepalived. */
class BeyondKeepalivedTest {
    private static final String VS = "192.0.2.1:80/tcp";
    private static final String RS = "10.0.0.1:80";

    private static String conf(String rsExtra) {
        return """
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    delay_loop 1
                    real_server 10.0.0.1 80 {
                        weight 100
                %s
                        TCP_CHECK {
                            retry 0
                        }
                    }
                    real_server 10.0.0.2 80 {
                        weight 1
                    }
                }
                """.formatted(rsExtra);
    }

    @Test
    void riseAndFallDebounceTheVerdict() {
        Rig rig = new Rig().load(conf("rise 3\nfall 2"));
        var rs = rig.rs(VS, RS);
        rig.checks.set(RS, Answer.DOWN);
        rig.clock.advanceSeconds(1); // t=1: first failed round
        assertTrue(rs.up(), "one failed round of fall 2");
        rig.checks.set(RS, Answer.UP);
        rig.clock.advanceSeconds(1); // t=2: a success resets the count
        rig.checks.set(RS, Answer.DOWN);
        rig.clock.advanceSeconds(1); // t=3
        assertTrue(rs.up());
        rig.clock.advanceSeconds(1); // t=4: second failed round in a row
        assertFalse(rs.up());

        rig.checks.set(RS, Answer.UP);
        rig.clock.advanceSeconds(2); // t=5, 6
        assertFalse(rs.up(), "two successes of rise 3");
        rig.clock.advanceSeconds(1); // t=7
        assertTrue(rs.up());
    }

    @Test
    void riseAndFallAreInheritedFromTheVirtualServer() {
        Rig rig = new Rig().load(conf("").replace("delay_loop 1", "delay_loop 1\nfall 3"));
        var rs = rig.rs(VS, RS);
        rig.checks.set(RS, Answer.DOWN);
        rig.clock.advanceSeconds(2);
        assertTrue(rs.up());
        rig.clock.advanceSeconds(1);
        assertFalse(rs.up());
    }

    @Test
    void slowStartRampsTheWeightAfterARecovery() {
        Rig rig = new Rig().load(conf("slow_start 10"));
        assertEquals(100, rig.plane.weights().get(RS), "no ramp at start");
        rig.checks.set(RS, Answer.DOWN);
        rig.clock.advanceSeconds(1);
        assertFalse(rig.plane.weights().containsKey(RS));
        rig.checks.set(RS, Answer.UP);
        rig.clock.advanceSeconds(1); // t=2: up again, ramp starts
        assertEquals(0, rig.plane.weights().get(RS));
        rig.clock.advanceSeconds(5);
        assertEquals(50, rig.plane.weights().get(RS), 1);
        rig.clock.advanceSeconds(5);
        assertEquals(100, rig.plane.weights().get(RS));
        int applies = rig.plane.applied.size();
        rig.clock.advanceSeconds(5);
        assertEquals(applies, rig.plane.applied.size(), "the ramp stops once at full weight");
    }

    @Test
    void adminStatesDrainMaintainAndEnable() {
        Rig rig = new Rig().load(conf(""));
        var rs = rig.rs(VS, RS);
        rs.drain();
        rig.clock.runPending();
        assertEquals(AdminState.DRAIN, rs.adminState());
        assertEquals(Map.of(RS, 0, "10.0.0.2:80", 1), rig.plane.weights());
        assertEquals(1, rig.vs(VS).aliveWeight(), "a drained server adds nothing to the quorum");
        rs.maintenance();
        rig.clock.runPending();
        assertEquals(Map.of("10.0.0.2:80", 1), rig.plane.weights());
        int attempts = rig.checks.attempts(RS).size();
        rig.clock.advanceSeconds(3);
        assertTrue(rig.checks.attempts(RS).size() > attempts, "checks go on in maintenance");
        rs.enable();
        rig.clock.runPending();
        assertEquals(Map.of(RS, 100, "10.0.0.2:80", 1), rig.plane.weights());
    }

    @Test
    void anOperatorsWeightHoldsUntilTheConfigChangesIt() {
        Rig rig = new Rig().load(conf(""));
        rig.rs(VS, RS).setWeight(30);
        rig.clock.runPending();
        assertEquals(30, rig.plane.weights().get(RS));
        rig.load(conf("").replace("weight 1\n", "weight 2\n"));
        assertEquals(30, rig.plane.weights().get(RS), "a reload that leaves this server alone keeps it");
        rig.load(conf("").replace("weight 100", "weight 60"));
        assertEquals(60, rig.plane.weights().get(RS), "a new configured weight wins");
    }
}
