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

    /** Instances A, B and C, declared in that order. */
    private void configure(String text, Path dir) throws Exception {
        KeepalivedConfig c = KeepalivedConfigLoader.withBuiltinCheckers()
                .load(text, "p.conf", dir)
                .config();
        pacing.configure(c.globalDefs(), c.garpGroups(), List.of("A", "B", "C"));
    }

    /** address: the instance's name and the address's index in it, e.g. "A0". */
    private void send(String device, boolean ipv6, String address) {
        String instance = address.substring(0, 1);
        int index = Integer.parseInt(address.substring(1));
        pacing.send(
                device,
                ipv6,
                instance,
                index,
                () -> sent.add(time.elapsed().toMillis() + " " + device + " " + address));
    }

    @Test
    void oneInterfaceIsPacedAcrossInstancesAndFamiliesApart(@TempDir Path dir) throws Exception {
        configure("global_defs {\n  vrrp_garp_interval 0.1\n  vrrp_gna_interval 0.05\n}\n", dir);
        send("eth0", false, "A0"); // one instance's burst (repeat 2)
        send("eth0", false, "A1");
        send("eth0", false, "A0");
        send("eth0", false, "A1"); // still waiting: not queued twice
        send("eth0", false, "B0"); // another instance on the same interface
        send("eth0", true, "A2");
        send("eth0", true, "A3");
        send("eth1", false, "C0"); // another interface has its own spacing
        time.advance(Duration.ofSeconds(1));
        assertEquals(
                List.of(
                        "0 eth0 A0",
                        "0 eth0 A2",
                        "0 eth1 C0",
                        "50 eth0 A3",
                        "100 eth0 A0",
                        "200 eth0 A1",
                        "300 eth0 B0"),
                sent);
        sent.clear();
        send("eth0", false, "A0"); // the interval is over: at once
        assertEquals(List.of("1000 eth0 A0"), sent);
    }

    @Test
    void theWaitingGoInConfigurationOrderNotInTheOrderTheyCame(@TempDir Path dir) throws Exception {
        configure("global_defs {\n  vrrp_garp_interval 0.1\n}\n", dir);
        send("eth0", false, "B0");
        send("eth0", false, "B1");
        send("eth0", false, "B2");
        time.advance(Duration.ofMillis(150)); // B1 went at 100
        send("eth0", false, "A0"); // A is declared first: it goes before B2
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of("0 eth0 B0", "100 eth0 B1", "200 eth0 A0", "300 eth0 B2"), sent);
    }

    @Test
    void aGarpGroupSharesOneSpacingAndItsUnsetIntervalIsNotTheGlobalOne(@TempDir Path dir) throws Exception {
        configure(
                "global_defs {\n  vrrp_garp_interval 0.1\n  vrrp_gna_interval 0.1\n}\n"
                        + "garp_group {\n  garp_interval 0.3\n  interfaces {\n    eth2\n    eth3\n  }\n}\n",
                dir);
        send("eth2", false, "A0");
        send("eth3", false, "B0");
        send("eth2", false, "A1");
        send("eth3", true, "B1"); // the group has no gna_interval: NAs are not paced
        send("eth3", true, "B2");
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of("0 eth2 A0", "0 eth3 B1", "0 eth3 B2", "300 eth2 A1", "600 eth3 B0"), sent);
    }

    @Test
    void aMessageNoLongerWantedGivesItsSlotToTheNext(@TempDir Path dir) throws Exception {
        configure("global_defs {\n  vrrp_garp_interval 0.1\n}\n", dir);
        send("eth0", false, "A0");
        pacing.send("eth0", false, "A", 1, () -> false); // its instance left MASTER meanwhile
        send("eth0", false, "B0");
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of("0 eth0 A0", "100 eth0 B0"), sent);
    }

    @Test
    void aReloadThatChangesTheSpacingRepacesWhatWaits(@TempDir Path dir) throws Exception {
        configure("global_defs {\n  vrrp_garp_interval 1\n}\n", dir);
        send("eth0", false, "A0");
        send("eth0", false, "A1");
        configure("global_defs {\n  vrrp_garp_interval 0.1\n}\n", dir);
        time.advance(Duration.ofSeconds(2));
        assertEquals(List.of("0 eth0 A0", "0 eth0 A1"), sent, "the new lane is free: A1 goes at once");
    }
}
