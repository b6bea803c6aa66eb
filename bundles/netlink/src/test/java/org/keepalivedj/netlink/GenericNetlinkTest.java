package org.keepalivedj.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.NetLabExtension;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

@RequiresRoot
@ExtendWith(NetLabExtension.class)
class GenericNetlinkTest {

    @Test
    void findsTheControllerFamilyAndRejectsUnknownOnes(NetLab lab) throws Exception {
        Netns ns = lab.namespace("g");
        try (GenericNetlink genl = NetworkNamespace.call(ns.name(), GenericNetlink::open)) {
            GenlFamily ctrl = genl.family("nlctrl");
            assertEquals("nlctrl", ctrl.name());
            assertEquals(GenericNetlink.GENL_ID_CTRL, ctrl.id());
            assertTrue(ctrl.version() >= 1);
            // The controller's own notification group has the id 0x10 (GENL_ID_CTRL) in every kernel.
            assertEquals(java.util.Map.of("notify", GenericNetlink.GENL_ID_CTRL), ctrl.multicastGroups());

            NetlinkException unknown = assertThrows(NetlinkException.class, () -> genl.family("kjnofamily"));
            assertEquals("ENOENT", unknown.errnoName());
            assertTrue(unknown.getMessage().startsWith("CTRL_CMD_GETFAMILY kjnofamily: ENOENT"), unknown.getMessage());

            // Longer than GENL_NAMSIZ: the kernel's policy rejects it and says why (extended ACK).
            NetlinkException tooLong =
                    assertThrows(NetlinkException.class, () -> genl.family("kj-no-such-family-at-all"));
            assertEquals("EINVAL", tooLong.errnoName());
            assertTrue(tooLong.getMessage().contains("policy"), tooLong.getMessage());
        }
    }
}
