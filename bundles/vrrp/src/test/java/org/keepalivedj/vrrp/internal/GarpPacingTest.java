package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.vrrp.VirtualScheduler;

/** GarpPacing on virtual time: who waits for whom, as keepalived 2.2.7 spaced them on the wire. */
class GarpPacingTest {

    private final VirtualScheduler time = new VirtualScheduler();
    private final GarpPacing pacing = new GarpPacing(time);
    /** "ms device address" of every message sent. */
    private final List<String> sent = new ArrayList<>();

    private void configure(String text, Path dir) throws Exception {
        KeepalivedConfig c = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(text, "p.conf", dir)
                .config();
        pacing.configure(c.globalDefs(), c.garpGroups());
    }

    private void send(String device, boolean ipv6, String address) {
        pacing.send(device, ipv6, address, () -> sent.add(time.elapsed().toMillis() + " " + device + " " + address));
    }

    @Test
    void oneInterfaceIsPacedAcrossSendersAndFamiliesApart(@TempDir Path dir) throws Exception {
        configure("global_defs {\n  vrrp_garp_interval 0.1\n  vrrp_gna_interval 0.05\n}\n", dir);
        send("eth0", false, "a1"); // one instance's burst (repeat 2)
        send("eth0", false, "a2");
        send("eth0", false, "a1");
        send("eth0", false, "a2"); // still waiting: not queued twice
        send("eth0", false, "b1"); // another instance on the same interface
        send("eth0", true, "n1");
        send("eth0", true, "n2");
        send("eth1", false, "c1"); // another interface has its own spacing
        time.advance(Duration.ofSeconds(1));
        assertEquals(
                List.of(
                        "0 eth0 a1",
                        "0 eth0 n1",
                        "0 eth1 c1",
                        "50 eth0 n2",
                        "100 eth0 a2",
                        "200 eth0 a1",
                        "300 eth0 b1"),
                sent);
        sent.clear();
        send("eth0", false, "a1"); // the interval is over: at once
        assertEquals(List.of("1000 eth0 a1"), sent);
    }

    @Test
    void aGarpGroupSharesOneSpacingAndItsUnsetIntervalIsNotTheGlobalOne(@TempDir Path dir) throws Exception {
        configure(
                "global_defs {\n  vrrp_garp_interval 0.1\n  vrrp_gna_interval 0.1\n}\n"
                        + "garp_group {\n  garp_interval 0.3\n  interfaces {\n    eth2\n    eth3\n  }\n}\n",
                dir);
        send("eth2", false, "c1");
        send("eth3", false, "d1");
        send("eth2", false, "c2");
        send("eth3", true, "n1"); // the group has no gna_interval: NAs are not paced
        send("eth3", true, "n2");
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of("0 eth2 c1", "0 eth3 n1", "0 eth3 n2", "300 eth3 d1", "600 eth2 c2"), sent);
    }

    @Test
    void aMessageNoLongerWantedGivesItsSlotToTheNext(@TempDir Path dir) throws Exception {
        configure("global_defs {\n  vrrp_garp_interval 0.1\n}\n", dir);
        send("eth0", false, "a1");
        pacing.send("eth0", false, "gone", () -> false); // its instance left MASTER meanwhile
        send("eth0", false, "b1");
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of("0 eth0 a1", "100 eth0 b1"), sent);
    }

    @Test
    void aReloadThatChangesTheSpacingRepacesWhatWaits(@TempDir Path dir) throws Exception {
        configure("global_defs {\n  vrrp_garp_interval 1\n}\n", dir);
        send("eth0", false, "a1");
        send("eth0", false, "a2");
        configure("global_defs {\n  vrrp_garp_interval 0.1\n}\n", dir);
        time.advance(Duration.ofSeconds(2));
        assertEquals(List.of("0 eth0 a1", "0 eth0 a2"), sent, "the new lane is free: a2 goes at once");
    }
}
