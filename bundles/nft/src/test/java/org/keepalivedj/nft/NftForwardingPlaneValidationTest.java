package org.keepalivedj.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.Protocol;

/** Specs nftables cannot hold are refused before anything reaches the kernel (no root needed). */
class NftForwardingPlaneValidationTest {

    private final ServiceKey key = key();

    private static ServiceKey key() {
        try {
            return ServiceKey.of(InetAddress.getByName("192.0.2.1"), 80, Protocol.TCP);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String refusal(ServiceSpec spec) {
        try (NftForwardingPlane plane = new NftForwardingPlane("no-such-namespace-kj")) {
            return assertThrows(ForwardingPlaneException.class, () -> plane.apply(List.of(spec)))
                    .getMessage();
        }
    }

    private static Destination real(String address, ForwardingMethod method) throws Exception {
        return new Destination(InetAddress.getByName(address), 8080, 1, method, 0, 0);
    }

    @Test
    void directRoutingAndTunnelsNeedIpvs() throws Exception {
        String message = refusal(new ServiceSpec(
                key,
                "wrr",
                List.of(),
                null,
                null,
                List.of(real("10.0.0.1", new ForwardingMethod(ForwardingMethod.Kind.DR, List.of())))));
        assertEquals(
                "service [192.0.2.1]:tcp:80, real server [10.0.0.1]:8080: forwarding method DR needs IPVS; "
                        + "the nftables data plane forwards by NAT only",
                message);
        assertTrue(refusal(new ServiceSpec(
                        key,
                        "wrr",
                        List.of(),
                        null,
                        null,
                        List.of(real(
                                "10.0.0.1", new ForwardingMethod(ForwardingMethod.Kind.TUN, List.of("type", "gre"))))))
                .contains("TUN needs IPVS"));
    }

    @Test
    void theFamiliesMustMatch() throws Exception {
        assertTrue(refusal(new ServiceSpec(
                        key, "wrr", List.of(), null, null, List.of(real("2001:db8::1", ForwardingMethod.NAT))))
                .contains("address family differs"));
    }

    @Test
    void unknownSchedulerDuplicatesAndBadMasksAreNamed() throws Exception {
        assertTrue(refusal(new ServiceSpec(key, "fastest", List.of(), null, null, List.of()))
                .contains("unknown scheduler fastest"));
        assertTrue(refusal(new ServiceSpec(
                        key,
                        "rr",
                        List.of(),
                        null,
                        null,
                        List.of(real("10.0.0.1", ForwardingMethod.NAT), real("10.0.0.1", ForwardingMethod.NAT))))
                .contains("listed twice"));
        assertTrue(refusal(new ServiceSpec(key, "rr", List.of(), Duration.ofSeconds(60), "255.0.255.x", List.of()))
                .contains("persistence granularity"));
    }

    @Test
    void aKernelFailureNamesTheNamespace() throws Exception {
        String message = refusal(
                new ServiceSpec(key, "rr", List.of(), null, null, List.of(real("10.0.0.1", ForwardingMethod.NAT))));
        assertTrue(message.contains("no-such-namespace-kj"), message);
    }
}
