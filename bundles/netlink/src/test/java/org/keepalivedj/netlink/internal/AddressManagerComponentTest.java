package org.keepalivedj.netlink.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.net.DaemonNetworkNamespace;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.netlink.NetlinkAddressManager;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

@RequiresRoot
@ExtendWith(NetLabExtension.class)
class AddressManagerComponentTest {

    private static boolean has(Netns ns, String cidr) {
        return ns.execOrThrow("ip", "-o", "addr", "show", "dev", "eth0")
                .stdout()
                .contains(" " + cidr + " ");
    }

    @Test
    void activationCleansLeftoversAndDeactivationRemovesOurAddresses(NetLab lab, @TempDir Path data) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        ManagedAddress leftover = ManagedAddress.of("eth0", InetAddress.getByName("10.50.0.50"), 24);
        try (NetlinkAddressManager crashed = NetlinkAddressManager.open(ns.name(), data)) {
            assertTrue(crashed.add(leftover));
        }
        AddressManagerComponent component = new AddressManagerComponent();
        // net_namespace: DS activates it on a thread of the container's namespace, and it works in the daemon's
        component.namespace = new DaemonNetworkNamespace(ns.name());
        component.activate(Map.of("data.dir", data.toString()));
        assertFalse(has(ns, "10.50.0.50/24"), "leftover removed on activation");
        assertTrue(component.add(ManagedAddress.of("eth0", InetAddress.getByName("10.50.0.51"), 24)));
        assertTrue(has(ns, "10.50.0.51/24"));
        component.deactivate();
        assertFalse(has(ns, "10.50.0.51/24"), "removed on deactivation");
    }
}
