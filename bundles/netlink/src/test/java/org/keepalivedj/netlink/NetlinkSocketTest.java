package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.netlink.internal.RtnlMessages;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

@RequiresRoot
@ExtendWith(NetLabExtension.class)
class NetlinkSocketTest {

    @Test
    void answersToEarlierRequestsAreSkippedAndCounted(NetLab lab) throws Exception {
        Netns ns = lab.namespace("s");
        try (RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open)) {
            NetlinkSocket socket = rtnl.socket();
            // Two requests whose answers nobody waits for (a GET and its ACK, then an error).
            socket.send(RtnlMessages.getLink("lo"), NetlinkConstants.NLM_F_REQUEST | NetlinkConstants.NLM_F_ACK);
            socket.send(RtnlMessages.getLink("nosuch"), NetlinkConstants.NLM_F_REQUEST | NetlinkConstants.NLM_F_ACK);
            Link lo = rtnl.link("lo");
            assertEquals("lo", lo.name());
            assertEquals(1, lo.index());
            assertTrue(socket.staleCount() >= 3, "stale: " + socket.staleCount());
            assertEquals(0, socket.malformedCount());
            // The socket still pairs answers with requests afterwards.
            assertEquals(
                    "ENODEV",
                    assertThrows(NetlinkException.class, () -> rtnl.link("nosuch"))
                            .errnoName());
            assertEquals(lo, rtnl.link(1));
        }
    }

    @Test
    void aMissingNamespaceIsAClearError() {
        ErrnoException e = assertThrows(
                ErrnoException.class, () -> NetworkNamespace.call("kj-no-such-namespace", RtNetlink::open));
        assertEquals("ENOENT", e.errnoName());
        assertTrue(e.getMessage().contains("network namespace kj-no-such-namespace"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespace.call("../etc", RtNetlink::open));
    }

    @Test
    void aClosedSocketSaysSo(NetLab lab) throws Exception {
        Netns ns = lab.namespace("s");
        RtNetlink rtnl = NetworkNamespace.call(ns.name(), RtNetlink::open);
        rtnl.close();
        rtnl.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, rtnl::links);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
