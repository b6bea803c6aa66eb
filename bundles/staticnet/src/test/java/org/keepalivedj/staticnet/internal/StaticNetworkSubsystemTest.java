package org.keepalivedj.staticnet.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.netlink.NetlinkMonitor;
import org.keepalivedj.netlink.NetworkNamespace;
import org.keepalivedj.netlink.RtNetlink;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/** static_* blocks applied by the subsystem in a namespace of its own, checked with ip -j. */
@RequiresRoot
class StaticNetworkSubsystemTest {

    private static final String CONFIG = """
            static_ipaddress {
                192.0.2.1/24 dev eth0
                192.0.2.2/32 dev eth0 label eth0:st
            }
            static_routes {
                198.51.100.0/24 via 192.0.2.254 dev eth0
                203.0.113.0/24 dev eth0 table 100
            }
            static_rules {
                from 192.0.2.0/24 table 100 priority 1000
            }
            """;

    @TempDir
    Path data;

    private NetLab lab;
    private Netns ns;
    private StaticNetworkSubsystem subsystem;

    @BeforeEach
    void start() throws Exception {
        lab = NetLab.create();
        ns = lab.node("n1");
        subsystem = new StaticNetworkSubsystem();
        NetlinkAddressManager addresses = NetlinkAddressManager.open(ns.name(), data);
        RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open);
        subsystem.start(addresses, rtnl, NetlinkMonitor.open(ns.name()));
    }

    @AfterEach
    void stop() {
        try {
            subsystem.stop();
            subsystem.deactivate();
        } finally {
            lab.close();
        }
    }

    private static KeepalivedConfig config(String text) throws Exception {
        return KeepalivedConfigLoader.withBuiltinCheckers()
                .load(text, "static.conf", Path.of("."))
                .config();
    }

    private String ip(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "ip";
        command[1] = "-j";
        System.arraycopy(args, 0, command, 2, args.length);
        return ns.execOrThrow(command).stdout();
    }

    @Test
    void appliesAddressesRoutesAndRules() throws Exception {
        subsystem.apply(config(CONFIG));
        String addresses = ip("addr", "show", "dev", "eth0");
        assertTrue(addresses.contains("\"192.0.2.1\"") && addresses.contains("\"192.0.2.2\""), addresses);
        assertTrue(addresses.contains("\"eth0:st\""), addresses);
        assertTrue(ip("route", "show").contains("\"198.51.100.0/24\""));
        assertTrue(ip("route", "show", "table", "100").contains("\"203.0.113.0/24\""));
        assertTrue(ip("rule", "show").contains("\"priority\":1000"));
    }

    @Test
    void aReloadChangesOnlyWhatDiffers() throws Exception {
        subsystem.apply(config(CONFIG));
        String changed = CONFIG.replace("192.0.2.2/32 dev eth0 label eth0:st", "192.0.2.3/32 dev eth0")
                .replace("from 192.0.2.0/24 table 100 priority 1000", "");
        subsystem.apply(config(changed));
        String addresses = ip("addr", "show", "dev", "eth0");
        assertTrue(addresses.contains("\"192.0.2.1\""), addresses);
        assertFalse(addresses.contains("\"192.0.2.2\""), addresses);
        assertTrue(addresses.contains("\"192.0.2.3\""), addresses);
        assertFalse(ip("rule", "show").contains("\"priority\":1000"));
        assertTrue(ip("route", "show").contains("\"198.51.100.0/24\""));
    }

    @Test
    void putsBackWhatSomeoneElseRemoved() throws Exception {
        subsystem.apply(config(CONFIG));
        ns.execOrThrow("ip", "addr", "del", "192.0.2.2/32", "dev", "eth0");
        awaitTrue(() -> ip("addr", "show", "dev", "eth0").contains("\"192.0.2.2\""));
    }

    @Test
    void stopRemovesEverythingOfOursAndNothingElse() throws Exception {
        ns.execOrThrow("ip", "addr", "add", "192.0.2.77/32", "dev", "eth0");
        subsystem.apply(config(CONFIG));
        subsystem.stop();
        String addresses = ip("addr", "show", "dev", "eth0");
        assertFalse(addresses.contains("\"192.0.2.1\""), addresses);
        assertFalse(addresses.contains("\"192.0.2.2\""), addresses);
        assertTrue(addresses.contains("\"192.0.2.77\""), "not ours, kept: " + addresses);
        assertFalse(ip("route", "show", "table", "100").contains("203.0.113.0"));
        assertFalse(ip("rule", "show").contains("\"priority\":1000"));
    }

    private static void awaitTrue(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(20);
        }
    }
}
