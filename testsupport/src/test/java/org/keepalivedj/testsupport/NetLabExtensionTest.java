package org.keepalivedj.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

@RequiresRoot
class NetLabExtensionTest {

    static volatile String labId;

    /** Run only through the test kit below: it fails on purpose after building a network. */
    @ExtendWith(NetLabExtension.class)
    static class FailingNetworkTest {
        @Test
        void fails(NetLab lab) {
            labId = lab.id();
            lab.node("a", "10.79.0.1/24");
            lab.node("b", "10.79.0.2/24");
            throw new AssertionError("failing on purpose");
        }
    }

    @Test
    void cleansUpAfterAFailedTest() {
        EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FailingNetworkTest.class))
                .execute()
                .testEvents()
                .assertStatistics(stats -> stats.started(1).failed(1));
        assertNotNull(labId);
        assertFalse(Commands.run("ip", "netns", "list").stdout().contains(labId), "failed test's namespaces removed");
    }
}
