package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.api.net.ManagedAddress;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * Capabilities are per thread in Linux: the test drops CAP_NET_ADMIN (and CAP_NET_RAW) on the
 * throw-away thread that {@link NetworkNamespace#call} starts, so the rest of the JVM keeps them.
 */
@RequiresRoot
@ExtendWith(NetLabExtension.class)
class MissingCapabilityTest {

    public interface Caps {
        int capget(@In byte[] header, @Out byte[] data);

        int capset(@In byte[] header, @In byte[] data);
    }

    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;

    private static void dropNetworkCapabilitiesOfThisThread() {
        Caps caps = LibraryLoader.create(Caps.class).load("c");
        byte[] header = ByteBuffer.allocate(8)
                .order(ByteOrder.nativeOrder())
                .putInt(LINUX_CAPABILITY_VERSION_3)
                .putInt(0)
                .array();
        byte[] data = new byte[24];
        assertEquals(0, caps.capget(header, data));
        ByteBuffer d = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        int mask = ~((1 << CAP_NET_ADMIN) | (1 << CAP_NET_RAW));
        d.putInt(0, d.getInt(0) & mask); // effective
        d.putInt(4, d.getInt(4) & mask); // permitted
        assertEquals(0, caps.capset(header, data));
    }

    @Test
    void withoutCapNetAdminTheErrorSaysSo(NetLab lab) throws Exception {
        Netns ns = lab.node("a", "10.50.0.1/24");
        NetlinkException e = NetworkNamespace.call(ns.name(), () -> {
            dropNetworkCapabilitiesOfThisThread();
            try (RtNetlink rtnl = RtNetlink.open()) {
                return assertThrows(
                        NetlinkException.class,
                        () -> rtnl.addAddress(ManagedAddress.of("eth0", InetAddress.getByName("10.50.0.9"), 24)));
            }
        });
        assertEquals("EPERM", e.errnoName());
        assertTrue(e.getMessage().contains("lacks CAP_NET_ADMIN"), e.getMessage());
        assertTrue(e.getMessage().startsWith("RTM_NEWADDR 10.50.0.9/24 dev eth0: EPERM"), e.getMessage());

        ErrnoException raw = NetworkNamespace.call(ns.name(), () -> {
            dropNetworkCapabilitiesOfThisThread();
            return assertThrows(ErrnoException.class, () -> VrrpSocket.openIpv4("eth0"));
        });
        assertEquals("EPERM", raw.errnoName());
        assertTrue(raw.getMessage().contains("CAP_NET_RAW"), raw.getMessage());
    }
}
