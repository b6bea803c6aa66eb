package org.keepalivedj.management.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;
import org.keepalivedj.vrrp.VrrpEngine;

/**
 * Two VRRP engines on an IPv6 LAN; the MBean of each instance writes its addresses as iproute2
 * and keepalived do (RFC 5952): the backup's MasterAddress is the master's link-local address
 * as {@code ip -6 addr} prints it (with the zone the receiving socket gives it: the interface
 * index), and VirtualAddresses are compressed though the config spells the VIP out in full.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class Ipv6AddressTextNamespaceTest {

    private static final String CONF = "global_defs {\n  vrrp_version 3\n}\nvrrp_instance V6 {\n  state BACKUP\n"
            + "  interface eth0\n  virtual_router_id 62\n  priority %d\n  advert_int 0.1\n"
            + "  virtual_ipaddress {\n    2001:0db8:0000:0000:0000:0000:0000:0100/64 dev eth0\n  }\n}\n";

    @Test
    void masterAndVirtualAddressesAreCompressed(NetLab lab, @TempDir Path dir) throws Exception {
        KeepalivedConfigLoader loader = KeepalivedConfigLoader.withBuiltinCheckers();
        KeepalivedConfig high =
                loader.load(String.format(CONF, 150), "a.conf", dir).config();
        KeepalivedConfig low =
                loader.load(String.format(CONF, 100), "b.conf", dir).config();
        Netns a = lab.node("a", "2001:db8::1/64");
        Netns b = lab.node("b", "2001:db8::2/64");
        NetlinkAddressManager addressesA = a.call(() -> NetlinkAddressManager.open(dir.resolve("a")));
        NetlinkAddressManager addressesB = b.call(() -> NetlinkAddressManager.open(dir.resolve("b")));
        VrrpEngine engineA = a.call(() -> VrrpEngine.builder(addressesA).start());
        VrrpEngine engineB = b.call(() -> VrrpEngine.builder(addressesB).start());
        try {
            a.run(() -> engineA.apply(high));
            b.run(() -> engineB.apply(low));
            await(() -> engineA.instance("V6").orElseThrow().state() == InstanceState.MASTER
                    && engineB.instance("V6").orElseThrow().state() == InstanceState.BACKUP
                    && engineB.instance("V6").orElseThrow().masterAddress() != null);
            VrrpInstanceMBean master = new VrrpInstanceMBean(engineA, "V6");
            VrrpInstanceMBean backup = new VrrpInstanceMBean(engineB, "V6");

            assertArrayEquals(new String[] {"2001:db8::100/64 dev eth0"}, master.getVirtualAddresses());
            assertArrayEquals(new String[] {"2001:db8::100/64 dev eth0"}, backup.getVirtualAddresses());
            String linkLocal = linkLocal(a);
            assertTrue(linkLocal.startsWith("fe80::"), linkLocal);
            assertEquals(
                    linkLocal,
                    backup.getMasterAddress(),
                    "the master's address as ip -6 addr and keepalived write it (no zone id)");
            assertEquals(linkLocal, master.getMasterAddress(), "a master reports its own address");
        } finally {
            engineA.close();
            engineB.close();
            addressesA.close();
            addressesB.close();
        }
    }

    /** The node's link-local address on eth0, as iproute2 prints it (inet_ntop: RFC 5952). */
    private static String linkLocal(Netns ns) {
        String out = ns.execOrThrow("ip", "-o", "-6", "addr", "show", "dev", "eth0", "scope", "link")
                .stdout();
        Matcher m = Pattern.compile("inet6 (\\S+)/64").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
