package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.api.net.AddressFlag;
import org.keepalivedj.api.net.AddressScope;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

@RequiresRoot
@ExtendWith(NetLabExtension.class)
class RtNetlinkAddressTest {

    @Test
    void addsListsAndDeletesIpv4AndIpv6Addresses(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            ManagedAddress v4 = new ManagedAddress(
                    "eth0",
                    InetAddress.getByName("10.50.0.100"),
                    24,
                    AddressScope.GLOBAL,
                    "eth0:vip",
                    InetAddress.getByName("10.50.0.255"),
                    Set.of());
            ManagedAddress v6 = new ManagedAddress(
                    "eth0",
                    InetAddress.getByName("fd50::100"),
                    64,
                    AddressScope.GLOBAL,
                    null,
                    null,
                    Set.of(AddressFlag.NODAD));
            ManagedAddress host = new ManagedAddress(
                    "eth0", InetAddress.getByName("10.50.1.1"), 32, AddressScope.HOST, null, null, Set.of());
            rtnl.addAddress(v4);
            rtnl.addAddress(v6);
            rtnl.addAddress(host);

            String json = IpJson.addressJson(ns, "eth0");
            assertTrue(
                    IpJson.addresses(ns, "eth0").containsAll(List.of("10.50.0.100/24", "fd50::100/64", "10.50.1.1/32")),
                    json);
            assertTrue(json.contains("\"label\":\"eth0:vip\""), json);
            assertTrue(json.contains("\"broadcast\":\"10.50.0.255\""), json);
            assertTrue(json.matches("(?s).*\"local\":\"10.50.1.1\",\"prefixlen\":32,\"scope\":\"host\".*"), json);
            assertTrue(
                    json.matches(
                            "(?s).*\"local\":\"fd50::100\",\"prefixlen\":64,\"scope\":\"global\",\"nodad\":true.*"),
                    json);

            int index = rtnl.indexOf("eth0");
            List<IfAddress> listed = rtnl.addresses();
            assertTrue(
                    listed.stream()
                            .anyMatch(a -> a.interfaceIndex() == index
                                    && a.address().equals(v4.address())
                                    && a.prefixLength() == 24
                                    && "eth0:vip".equals(a.label())
                                    && v4.broadcast().equals(a.broadcast())),
                    listed::toString);
            assertTrue(
                    listed.stream()
                            .anyMatch(
                                    a -> a.address().equals(v6.address()) && (a.flags() & IfAddress.IFA_F_NODAD) != 0),
                    listed::toString);
            assertTrue(listed.stream()
                    .anyMatch(a -> a.address().equals(host.address()) && a.scope() == AddressScope.HOST));

            NetlinkException twice = assertThrows(NetlinkException.class, () -> rtnl.addAddress(v4));
            assertEquals("EEXIST", twice.errnoName());
            assertEquals(Errno.EEXIST, twice.errno());

            rtnl.deleteAddress(v4);
            rtnl.deleteAddress(v6);
            rtnl.deleteAddress(host);
            assertEquals(
                    List.of("10.50.0.1/24"),
                    IpJson.addresses(ns, "eth0").stream()
                            .filter(a -> !a.startsWith("fe80"))
                            .toList());
            NetlinkException gone = assertThrows(NetlinkException.class, () -> rtnl.deleteAddress(v4));
            assertEquals("EADDRNOTAVAIL", gone.errnoName());
        }
    }

    @Test
    void errorsNameTheErrnoAndTheRequest(NetLab lab) throws Exception {
        Netns ns = lab.namespace("a");
        try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            NetlinkException noDevice = assertThrows(NetlinkException.class, () -> rtnl.link("nosuchdev"));
            assertEquals("ENODEV", noDevice.errnoName());
            assertTrue(noDevice.getMessage().contains("nosuchdev"), noDevice.getMessage());
            ManagedAddress onMissingIndex = ManagedAddress.of("ghost0", InetAddress.getByName("10.9.9.9"), 24);
            NetlinkException badIndex =
                    assertThrows(NetlinkException.class, () -> rtnl.addAddress(onMissingIndex, 9999));
            assertEquals("ENODEV", badIndex.errnoName());
            assertTrue(
                    badIndex.getMessage().startsWith("RTM_NEWADDR 10.9.9.9/24 dev ghost0: ENODEV"),
                    badIndex.getMessage());
            assertFalse(rtnl.findLink("nosuchdev").isPresent());
            assertTrue(rtnl.findLink("lo").isPresent());
        }
    }
}
