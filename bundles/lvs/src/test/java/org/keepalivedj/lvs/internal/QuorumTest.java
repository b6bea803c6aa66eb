package org.keepalivedj.lvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.lvs.internal.FakeChecks.Answer;

/** quorum with hysteresis, quorum scripts, the sorry server, alpha at start, inhibit_on_failure, omega. */
class QuorumTest {
    private static final String VS = "192.0.2.1:80/tcp";

    private static String fourServers(String vsExtra) {
        StringBuilder reals = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            reals.append("real_server 10.0.0.")
                    .append(i)
                    .append(" 80 {\nweight 1\nnotify_down \"/bin/rsdown ")
                    .append(i)
                    .append("\"\nTCP_CHECK {\nretry 0\nconnect_timeout 1\n}\n}\n");
        }
        return "virtual_server 192.0.2.1 80 {\nprotocol TCP\ndelay_loop 1\n" + vsExtra + "\n" + reals + "}\n";
    }

    private static void set(Rig rig, int server, Answer a) {
        rig.checks.set("10.0.0." + server + ":80", a);
        rig.clock.advanceSeconds(1.0);
    }

    @Test
    void quorumIsLostBelowQuorumMinusHysteresisAndGainedOnlyAtQuorumPlusHysteresis() {
        Rig rig = new Rig().load(fourServers("""
                quorum 3
                hysteresis 1
                quorum_up /bin/qup
                quorum_down /bin/qdown
                sorry_server 10.9.9.9 8080
                """));
        VirtualServerView vs = rig.vs(VS);
        assertTrue(vs.quorumUp());
        assertEquals(4, vs.aliveWeight());

        set(rig, 1, Answer.DOWN);
        set(rig, 2, Answer.DOWN);
        assertEquals(2, vs.aliveWeight());
        assertTrue(vs.quorumUp(), "2 is not below 3-1");
        assertFalse(rig.notifier.scripts.contains("/bin/qdown"));
        assertEquals(Map.of("10.0.0.3:80", 1, "10.0.0.4:80", 1), rig.plane.weights());

        set(rig, 3, Answer.DOWN);
        assertFalse(vs.quorumUp(), "1 is below 3-1");
        assertTrue(vs.sorryServerActive());
        assertEquals(List.of("/bin/rsdown 1", "/bin/rsdown 2", "/bin/rsdown 3", "/bin/qdown"), rig.notifier.scripts);
        assertTrue(rig.notifier.fifo.contains("VS [192.0.2.1]:tcp:80 DOWN"));
        assertEquals(
                Map.of("10.9.9.9:8080", 1), rig.plane.weights(), "alive servers leave the pool for the sorry server");

        set(rig, 1, Answer.UP);
        set(rig, 2, Answer.UP);
        assertEquals(3, vs.aliveWeight());
        assertFalse(vs.quorumUp(), "3 is not yet 3+1");
        assertEquals(Map.of("10.9.9.9:8080", 1), rig.plane.weights());

        set(rig, 3, Answer.UP);
        assertTrue(vs.quorumUp(), "4 reaches 3+1");
        assertFalse(vs.sorryServerActive());
        assertEquals("/bin/qup", rig.notifier.scripts.get(rig.notifier.scripts.size() - 1));
        assertTrue(rig.notifier.fifo.contains("VS [192.0.2.1]:tcp:80 UP"));
        assertEquals(
                Map.of("10.0.0.1:80", 1, "10.0.0.2:80", 1, "10.0.0.3:80", 1, "10.0.0.4:80", 1), rig.plane.weights());
    }

    @Test
    void alphaStartsEveryServerDownAndTheQuorumLostSilently() {
        Rig rig = new Rig();
        rig.checks.set("10.0.0.1:80", Answer.DOWN);
        rig.checks.set("10.0.0.2:80", Answer.DOWN);
        rig.checks.set("10.0.0.3:80", Answer.DOWN);
        rig.checks.set("10.0.0.4:80", Answer.DOWN);
        rig.load(fourServers("""
                alpha
                quorum 2
                quorum_up /bin/qup
                quorum_down /bin/qdown
                sorry_server 10.9.9.9 8080
                """));
        VirtualServerView vs = rig.vs(VS);
        assertFalse(vs.quorumUp());
        assertTrue(vs.realServers().stream().noneMatch(RealServerView::up));
        assertEquals(Map.of("10.9.9.9:8080", 1), rig.plane.weights(), "the sorry server from the start");
        rig.clock.advanceSeconds(5);
        assertEquals(List.of(), rig.notifier.scripts, "alpha: no quorum_down, no notify_down at start");
        assertEquals(List.of(), rig.notifier.fifo);

        set(rig, 1, Answer.UP);
        assertFalse(vs.quorumUp(), "1 of quorum 2");
        assertEquals(List.of(), rig.notifier.scripts);
        set(rig, 2, Answer.UP);
        assertTrue(vs.quorumUp());
        assertEquals(List.of("/bin/qup"), rig.notifier.scripts);
        assertEquals(Map.of("10.0.0.1:80", 1, "10.0.0.2:80", 1), rig.plane.weights());
    }

    @Test
    void withoutAlphaTheQuorumStartsUpAndNothingIsAnnounced() {
        Rig rig = new Rig().load(fourServers("quorum 4\nquorum_up /bin/qup\nsorry_server 10.9.9.9 8080"));
        assertTrue(rig.vs(VS).quorumUp());
        assertEquals(4, rig.plane.weights().size());
        assertEquals(List.of(), rig.notifier.scripts);
    }

    @Test
    void inhibitOnFailureKeepsAFailedServerAtWeightZero() {
        Rig rig = new Rig().load(fourServers("inhibit_on_failure"));
        set(rig, 2, Answer.DOWN);
        assertEquals(
                Map.of("10.0.0.1:80", 1, "10.0.0.2:80", 0, "10.0.0.3:80", 1, "10.0.0.4:80", 1), rig.plane.weights());
        assertEquals(0, rig.rs(VS, "10.0.0.2:80").effectiveWeight());
        assertEquals(3, rig.vs(VS).aliveWeight());
    }

    @Test
    void sorryServerInhibitKeepsItAtWeightZeroWithItsOwnMethod() {
        Rig rig = new Rig().load(fourServers("""
                lvs_method NAT
                sorry_server 10.9.9.9 8080
                sorry_server_inhibit
                sorry_server_lvs_method DR
                """));
        Destination sorry = rig.plane.last().get(0).destinations().stream()
                .filter(d -> d.port() == 8080)
                .findFirst()
                .orElseThrow();
        assertEquals(0, sorry.weight());
        assertEquals(ForwardingMethod.Kind.DR, sorry.method().kind());
        for (int i = 1; i <= 4; i++) {
            set(rig, i, Answer.DOWN);
        }
        assertEquals(Map.of("10.9.9.9:8080", 1), rig.plane.weights());
    }

    @Test
    void omegaRunsTheDownNotificationsAtShutdownAndTheServicesLeave() {
        Rig rig = new Rig().load(fourServers("omega\nquorum_down /bin/qdown"));
        set(rig, 4, Answer.DOWN);
        rig.notifier.scripts.clear();
        rig.engine.stop();
        assertEquals(List.of("/bin/rsdown 1", "/bin/rsdown 2", "/bin/rsdown 3", "/bin/qdown"), rig.notifier.scripts);
        assertEquals(1, rig.plane.clears);
        assertTrue(rig.engine.virtualServers().isEmpty());
        int attempts = rig.checks.attempts("10.0.0.1:80").size();
        rig.clock.advanceSeconds(10);
        assertEquals(attempts, rig.checks.attempts("10.0.0.1:80").size(), "no checks after stop");
        assertEquals(4, rig.checks.closed);
    }

    @Test
    void withoutOmegaShutdownIsQuiet() {
        Rig rig = new Rig().load(fourServers("quorum_down /bin/qdown"));
        rig.engine.stop();
        assertEquals(List.of(), rig.notifier.scripts);
    }

    @Test
    void listenersHearRealServerAndQuorumChanges() {
        Rig rig = new Rig();
        List<String> heard = new ArrayList<>();
        rig.engine.addListener(new LvsStateListener() {
            @Override
            public void realServerChanged(VirtualServerView v, RealServerView r, boolean up) {
                heard.add(r.key() + (up ? " up" : " down"));
            }

            @Override
            public void quorumChanged(VirtualServerView v, boolean up) {
                heard.add(v.key() + (up ? " quorum" : " no quorum"));
            }
        });
        rig.load(fourServers("quorum 4"));
        set(rig, 1, Answer.DOWN);
        set(rig, 1, Answer.UP);
        assertEquals(List.of("10.0.0.1:80 down", VS + " no quorum", "10.0.0.1:80 up", VS + " quorum"), heard);
    }
}
