package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.api.net.NetworkOperationException;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

@RequiresRoot
@ExtendWith(NetLabExtension.class)
class NetlinkAddressManagerTest {

    private static ManagedAddress vip(String cidr) throws Exception {
        String[] p = cidr.split("/");
        return new ManagedAddress(
                "eth0",
                InetAddress.getByName(p[0]),
                Integer.parseInt(p[1]),
                AddressScope.GLOBAL,
                null,
                null,
                p[0].contains(":") ? Set.of(AddressFlag.NODAD) : Set.of());
    }

    @Test
    void addAndRemoveAreIdempotent(NetLab lab, @TempDir Path data) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        try (NetlinkAddressManager manager = NetlinkAddressManager.open(ns.name(), data)) {
            ManagedAddress a = vip("10.50.0.100/24");
            ManagedAddress b = vip("fd50::100/64");
            assertTrue(manager.add(a));
            assertTrue(manager.add(b));
            assertFalse(manager.add(a), "second add of the same address");
            assertTrue(manager.isPresent(a));
            assertEquals(Set.of(a, b), manager.added());
            assertTrue(IpJson.addresses(ns, "eth0").containsAll(java.util.List.of("10.50.0.100/24", "fd50::100/64")));

            assertTrue(manager.remove(a));
            assertFalse(manager.remove(a), "second remove");
            assertFalse(manager.isPresent(a));
            assertEquals(Set.of(b), manager.added());

            // Removed behind our back: adding it again adds it again.
            ns.execOrThrow("ip", "addr", "del", "fd50::100/64", "dev", "eth0");
            assertTrue(manager.add(b));
            assertEquals(1, manager.removeAll());
            assertFalse(IpJson.addresses(ns, "eth0").contains("fd50::100/64"));
            assertEquals(Set.of(), manager.added());
        }
    }

    @Test
    void neverRemovesAddressesItDidNotAdd(NetLab lab, @TempDir Path data) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        ns.execOrThrow("ip", "addr", "add", "10.50.0.200/24", "dev", "eth0");
        try (NetlinkAddressManager manager = NetlinkAddressManager.open(ns.name(), data)) {
            assertFalse(manager.add(vip("10.50.0.200/24")), "pre-existing address is not ours");
            assertTrue(manager.add(vip("10.50.0.201/24")));
            assertEquals(1, manager.removeAll());
        }
        assertTrue(IpJson.addresses(ns, "eth0").contains("10.50.0.200/24"));
        assertFalse(IpJson.addresses(ns, "eth0").contains("10.50.0.201/24"));
    }

    @Test
    void aRestartAfterACrashRemovesExactlyOurAddresses(NetLab lab, @TempDir Path data) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        ns.execOrThrow("ip", "addr", "add", "10.50.0.250/24", "dev", "eth0");
        NetlinkAddressManager crashed = NetlinkAddressManager.open(ns.name(), data);
        assertTrue(crashed.add(vip("10.50.0.100/24")));
        assertTrue(crashed.add(new ManagedAddress(
                "eth0",
                InetAddress.getByName("10.50.0.101"),
                24,
                AddressScope.GLOBAL,
                "eth0:vip",
                InetAddress.getByName("10.50.0.255"),
                Set.of())));
        assertTrue(crashed.add(vip("fd50::100/64")));
        assertTrue(crashed.add(vip("10.50.0.102/24")));
        crashed.close(); // no removeAll: as if the process died
        ns.execOrThrow("ip", "addr", "del", "10.50.0.102/24", "dev", "eth0"); // someone removed one meanwhile
        String state = Files.readString(data.resolve(NetlinkAddressManager.STATE_FILE));
        assertTrue(state.contains("eth0\t10.50.0.101\t24\tglobal\teth0:vip\t10.50.0.255\t0"), state);

        try (NetlinkAddressManager restarted = NetlinkAddressManager.open(ns.name(), data)) {
            assertEquals(3, restarted.removeLeftovers());
            assertEquals(0, restarted.removeLeftovers());
        }
        assertEquals(
                java.util.List.of("10.50.0.1/24", "10.50.0.250/24"),
                IpJson.addresses(ns, "eth0").stream()
                        .filter(a -> !a.startsWith("fe80"))
                        .toList());
        assertFalse(
                Files.readString(data.resolve(NetlinkAddressManager.STATE_FILE)).contains("10.50.0.10"));
    }

    @Test
    void aDamagedStateFileNamesFileAndLine(@TempDir Path data) throws Exception {
        Files.writeString(
                data.resolve(NetlinkAddressManager.STATE_FILE), "# header\neth0\t10.0.0.1\tx\tglobal\t-\t-\t0\n");
        NetworkOperationException e =
                assertThrows(NetworkOperationException.class, () -> new NetlinkAddressManager(null, data));
        assertTrue(
                e.getMessage().contains(NetlinkAddressManager.STATE_FILE + ":2: bad address record"), e.getMessage());
    }

    @Test
    void followsAnInterfaceThatWasRecreatedUnderTheSameName(NetLab lab, @TempDir Path data) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        ns.execOrThrow("ip", "link", "add", "mv0", "link", "eth0", "type", "macvlan", "mode", "private");
        try (NetlinkAddressManager manager = NetlinkAddressManager.open(ns.name(), data)) {
            ManagedAddress a = ManagedAddress.of("mv0", InetAddress.getByName("10.50.0.60"), 24);
            assertTrue(manager.add(a));
            ns.execOrThrow("ip", "link", "del", "mv0");
            ns.execOrThrow("ip", "link", "add", "mv0", "link", "eth0", "type", "macvlan", "mode", "private");
            assertFalse(manager.isPresent(a), "the new interface does not have it");
            assertTrue(manager.add(a), "added on the new mv0 (its index changed)");
            assertTrue(ns.execOrThrow("ip", "-o", "addr", "show", "dev", "mv0")
                    .stdout()
                    .contains("10.50.0.60/24"));
            assertEquals(1, manager.removeAll());
        }
    }
}
