package org.keepalivedj.ipvs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.Protocol;

class SpecMappingTest {

    private static ServiceSpec spec(ServiceKey key, List<String> flags, Duration persistence, String netmask) {
        return new ServiceSpec(key, "SH", flags, persistence, netmask, List.of());
    }

    @Test
    void schedulerFlagsPersistenceAndGranularity() throws Exception {
        KernelService s = SpecMapping.service(spec(
                DiffTest.key(80), List.of("sh-port", "sh-fallback", "hashed"), Duration.ofMinutes(5), "255.255.255.0"));
        assertEquals("sh", s.scheduler());
        assertEquals(Ipvs.SVC_F_SCHED1 | Ipvs.SVC_F_SCHED2 | Ipvs.SVC_F_PERSISTENT, s.flags());
        assertEquals(300, s.timeoutSeconds());
        assertEquals(0xffffff00, s.netmask());
        assertEquals(
                0xfffff000,
                SpecMapping.service(spec(DiffTest.key(80), List.of(), null, "20"))
                        .netmask());
        assertEquals(
                -1,
                SpecMapping.service(spec(DiffTest.key(80), List.of("ops"), null, null))
                        .netmask());
    }

    @Test
    void fwmarkServicesAreKeyedAsTheKernelReportsThem() throws Exception {
        KernelService s =
                SpecMapping.service(spec(ServiceKey.fwmark(3, Family.INET6, Protocol.UDP), List.of(), null, "48"));
        assertEquals(ServiceKey.fwmark(3, Family.INET6, Protocol.TCP), s.key());
        assertEquals(48, s.netmask());
    }

    @Test
    void badInputIsRefusedWithTheServiceNamed() {
        ForwardingPlaneException e = assertThrows(
                ForwardingPlaneException.class,
                () -> SpecMapping.service(spec(DiffTest.key(80), List.of("fast"), null, null)));
        assertTrue(
                e.getMessage().contains("[192.0.2.1]:tcp:80") && e.getMessage().contains("fast"), e.getMessage());
        assertThrows(
                ForwardingPlaneException.class,
                () -> SpecMapping.service(spec(DiffTest.key(80), List.of(), null, "255.0.255.0")));
        assertThrows(
                ForwardingPlaneException.class,
                () -> SpecMapping.destination(
                        DiffTest.key(80),
                        new Destination(
                                DiffTest.address("10.0.0.1"),
                                80,
                                1,
                                new ForwardingMethod(ForwardingMethod.Kind.TUN, List.of("type", "gue")),
                                0,
                                0)));
        assertThrows(
                ForwardingPlaneException.class,
                () -> SpecMapping.destination(
                        DiffTest.key(80),
                        new Destination(
                                DiffTest.address("10.0.0.1"),
                                80,
                                1,
                                new ForwardingMethod(ForwardingMethod.Kind.TUN, List.of("type", "vxlan")),
                                0,
                                0)));
    }

    @Test
    void tunnelOptions() throws Exception {
        KernelDestination d = SpecMapping.destination(
                DiffTest.key(80),
                new Destination(
                        DiffTest.address("10.0.0.1"),
                        80,
                        2,
                        new ForwardingMethod(
                                ForwardingMethod.Kind.TUN, List.of("type", "gue", "port", "6080", "remcsum")),
                        5,
                        1));
        assertEquals(
                new KernelDestination(
                        DiffTest.address("10.0.0.1"),
                        80,
                        Ipvs.FWD_TUNNEL,
                        2,
                        5,
                        1,
                        Ipvs.TUN_GUE,
                        6080,
                        Ipvs.TUN_F_REMCSUM),
                d);
        assertEquals(
                Ipvs.FWD_DROUTE,
                SpecMapping.destination(
                                DiffTest.key(80),
                                new Destination(
                                        DiffTest.address("10.0.0.1"),
                                        80,
                                        2,
                                        new ForwardingMethod(ForwardingMethod.Kind.DR, List.of()),
                                        0,
                                        0))
                        .forwarding());
    }
}
