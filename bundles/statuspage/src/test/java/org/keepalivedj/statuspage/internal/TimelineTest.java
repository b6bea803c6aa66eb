package org.keepalivedj.statuspage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.testsupport.views.Views;

/** The timeline starts from the states found when the page service connects, not empty. */
class TimelineTest {
    private static final Instant NOW = Instant.parse("2026-11-26T01:00:00Z");

    @Test
    void seedingRecordsTheCurrentStateOfEveryInstanceAndRealServer() throws Exception {
        Views.Instance master = new Views.Instance("VI_1");
        master.state = InstanceState.MASTER;
        Views.Instance backup = new Views.Instance("VI_2");
        backup.state = InstanceState.BACKUP;
        Views.Virtual vs = new Views.Virtual("192.0.2.1", 80);
        Views.Real up = new Views.Real(vs.key, "10.0.0.2:80");
        Views.Real down = new Views.Real(vs.key, "10.0.0.3:80");
        down.up = false;
        vs.reals.add(up);
        vs.reals.add(down);
        Timeline t = new Timeline(10, Clock.fixed(NOW, ZoneOffset.UTC));

        t.seed(new Views.Vrrp(List.of(master, backup)));
        t.seed(new Views.Lvs(List.of(vs)));

        List<String> seen = t.recent().stream()
                .map(e -> e.kind() + " " + e.subject() + " " + e.from() + " " + e.to())
                .toList();
        assertEquals(
                List.of(
                        "real-server " + vs.key + " 10.0.0.3:80 found DOWN",
                        "real-server " + vs.key + " 10.0.0.2:80 found UP",
                        "vrrp VI_2 found BACKUP",
                        "vrrp VI_1 found MASTER"),
                seen);
    }

    @Test
    void aTransitionSeenBeforeTheSeedIsKeptAndNotSeededAgain() {
        Views.Instance vi = new Views.Instance("VI_1");
        vi.state = InstanceState.MASTER;
        Timeline t = new Timeline(10, Clock.fixed(NOW, ZoneOffset.UTC));
        t.stateChanged(vi, InstanceState.BACKUP, InstanceState.MASTER);

        t.seed(new Views.Vrrp(List.of(vi)));

        assertEquals(1, t.recent().size());
        assertEquals("BACKUP", t.recent().get(0).from());
    }
}
