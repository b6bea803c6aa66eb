package org.keepalivedj.nft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.netlink.LowDescriptors;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * libnftables with more than 1,024 descriptors open, as in a daemon checking 1,000 real servers:
 * its select() on a socket numbered 1024 or more would abort this JVM (glibc's "bit out of range 0 -
 * FD_SETSIZE on fd_set"); the socket is moved onto a number taken while descriptors were few.
 */
@RequiresRoot
class NftContextLowDescriptorsTest {

    @Test
    void aContextMadeWithOver1024DescriptorsOpenWritesItsTable() throws Exception {
        LowDescriptors.reserve();
        int kept = LowDescriptors.reserved();
        assertTrue(kept > 0, "low descriptors kept");
        List<FileInputStream> held = new ArrayList<>();
        try (Netns ns = Netns.create("kjnftlowfd")) {
            for (int i = 0; i < 1100; i++) {
                held.add(new FileInputStream("/dev/null"));
            }
            try (NftContext context = NftContext.open(ns.name(), false)) {
                assertEquals(kept - 1, LowDescriptors.reserved(), "the socket took one kept number");
                NftContext.Result result = context.run("add table inet kj_lowfd\n");
                assertTrue(result.ok(), result.error());
            }
            assertTrue(ns.execOrThrow("nft", "list", "tables").stdout().contains("kj_lowfd"));
        } finally {
            for (FileInputStream in : held) {
                in.close();
            }
        }
    }
}
