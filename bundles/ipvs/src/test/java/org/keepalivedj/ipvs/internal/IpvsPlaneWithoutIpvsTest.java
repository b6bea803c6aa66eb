package org.keepalivedj.ipvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.ForwardingPlaneException;

/** On a kernel without IPVS (this machine's) the plane and its component start harmlessly and say why they cannot work. */
class IpvsPlaneWithoutIpvsTest {

    @Test
    void componentActivatesAndReportsUnavailable() throws Exception {
        IpvsPlaneComponent component = new IpvsPlaneComponent();
        component.activate();
        try {
            assumeFalse(component.available(), "this kernel has IPVS: the kernel tests cover it");
            assertEquals("ipvs", component.name());
            ForwardingPlaneException e = assertThrows(ForwardingPlaneException.class, () -> component.apply(List.of()));
            assertTrue(e.getMessage().contains("no IPVS"), e.getMessage());
            assertThrows(ForwardingPlaneException.class, component::statistics);
        } finally {
            component.deactivate();
        }
        try (IpvsPlane plane = IpvsPlane.open()) {
            assertFalse(plane.available());
        }
    }
}
