package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.keepalivedj.bfd.internal.BfdCheckFactory;
import org.keepalivedj.testsupport.views.Views;

/**
 * BFD_CHECK through the bfd bundle's factory, on virtual time: session events reach the data plane
 * at once (no delay_loop, retry or delay_before_retry), the start state holds until the session
 * reports, alpha starts down. The sessions are told to the factory as the bfd runtime tells its
 * listeners (BfdTrackNamespaceTest and BfdCheckNamespaceTest use the real engine).
 */
class BfdCheckTest {
    private static final String VS = "192.0.2.1:80/tcp";

    /** Session states set by the test, told to the factory (a bound listener) as the engine would. */
    static final class Sessions {
        final Set<String> up = ConcurrentHashMap.newKeySet();
        final BfdCheckFactory factory = new BfdCheckFactory();

        void set(String session, boolean nowUp) {
            if (nowUp ? up.add(session) : up.remove(session)) {
                String state = nowUp ? "Up" : "Down";
                factory.stateChanged(Views.bfdSession(session, state), nowUp ? "Down" : "Up", state);
            }
        }
    }

    private static String conf(String checkerExtra) {
        return """
                bfd_instance s1 {
                    neighbor_ip 10.0.0.1
                }
                virtual_server 192.0.2.1 80 {
                    delay_loop 10
                    lvs_sched rr
                    protocol TCP
                    real_server 10.0.0.1 80 {
                        weight 3
                        retry 3
                        delay_before_retry 2
                        BFD_CHECK {
                            name s1
                %s
                        }
                    }
                    real_server 10.0.0.2 80 {
                        weight 1
                    }
                }
                """.formatted(checkerExtra);
    }

    private static Rig rig(Sessions sessions) {
        Rig rig = new Rig(false);
        rig.engine.addFactory(sessions.factory);
        return rig;
    }

    @Test
    void sessionEventsMoveTheServerAtOnceWithoutRetries() {
        Sessions sessions = new Sessions();
        Rig rig = rig(sessions).load(conf(""));
        rig.clock.advanceSeconds(30);
        assertTrue(rig.rs(VS, "10.0.0.1:80").up(), "no event yet: the start state (up) holds");
        assertEquals(Map.of("10.0.0.1:80", 3, "10.0.0.2:80", 1), rig.plane.weights());
        assertEquals(0, rig.rs(VS, "10.0.0.1:80").checkers().get(0).attempts(), "not probed on delay_loop");

        sessions.set("s1", true);
        rig.clock.runPending();
        sessions.set("s1", false);
        rig.clock.runPending();
        assertFalse(rig.rs(VS, "10.0.0.1:80").up(), "down at the event, with no retry");
        assertEquals(30.0, rig.clock.seconds(), 1e-9);
        assertEquals(Map.of("10.0.0.2:80", 1), rig.plane.weights());
        assertEquals(
                "BFD session s1 is down",
                rig.rs(VS, "10.0.0.1:80").checkers().get(0).lastDetail());

        rig.clock.advanceSeconds(5);
        sessions.set("s1", true);
        rig.clock.runPending();
        assertTrue(rig.rs(VS, "10.0.0.1:80").up());
        assertEquals(Map.of("10.0.0.1:80", 3, "10.0.0.2:80", 1), rig.plane.weights());
        assertEquals(3, rig.rs(VS, "10.0.0.1:80").checkers().get(0).attempts(), "one attempt per event");
    }

    @Test
    void alphaStartsDownAndASessionAlreadyUpIsTakenAtOnce() {
        Sessions sessions = new Sessions();
        Rig rig = rig(sessions).load(conf("alpha"));
        rig.clock.advanceSeconds(1);
        assertFalse(rig.rs(VS, "10.0.0.1:80").up());
        assertEquals(Map.of("10.0.0.2:80", 1), rig.plane.weights());

        sessions.set("s1", true);
        rig.clock.runPending();
        assertTrue(rig.rs(VS, "10.0.0.1:80").up());

        Sessions already = new Sessions();
        already.set("s1", true);
        Rig second = rig(already).load(conf("alpha"));
        assertTrue(second.rs(VS, "10.0.0.1:80").up(), "Up before the checker started: in at once");
    }

    @Test
    void aFactoryBoundAfterTheSessionsStartedTakesTheirStatesAtOnce() {
        Sessions sessions = new Sessions();
        Rig rig = rig(sessions).load(conf("alpha"));
        rig.clock.advanceSeconds(1);
        assertFalse(rig.rs(VS, "10.0.0.1:80").up(), "not bound yet: the session counts as down");

        // the bfd runtime binds the factory late and tells it the sessions as they are
        sessions.factory.bound(List.of(Views.bfdSession("s1", "Up"), Views.bfdSession("other", "Down")));
        rig.clock.runPending();
        assertTrue(rig.rs(VS, "10.0.0.1:80").up(), "s1 was Up when bound");
        assertEquals(1.0, rig.clock.seconds(), 1e-9, "at once");

        sessions.factory.bound(List.of(Views.bfdSession("s1", "Down")));
        rig.clock.runPending();
        assertFalse(rig.rs(VS, "10.0.0.1:80").up(), "bound again (a new bfd runtime): s1 is down");
    }

    @Test
    void anotherSessionsEventsAreIgnoredAndTheListenerGoesWithTheChecker() {
        Sessions sessions = new Sessions();
        Rig rig = rig(sessions).load(conf(""));
        sessions.set("s1", true);
        sessions.set("other", false);
        sessions.set("other", true);
        rig.clock.runPending();
        assertEquals(1, rig.rs(VS, "10.0.0.1:80").checkers().get(0).attempts());
        assertEquals(1, sessions.factory.checksFollowing());
        rig.engine.apply(Rig.parse("virtual_server 192.0.2.1 80 {\nprotocol TCP\nreal_server 10.0.0.2 80 {\n}\n}\n"));
        rig.clock.runPending();
        assertEquals(0, sessions.factory.checksFollowing(), "the removed server's check stopped following");
    }
}
