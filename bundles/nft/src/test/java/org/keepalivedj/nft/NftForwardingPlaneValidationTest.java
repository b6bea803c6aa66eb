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
        return refusal(List.of(spec));
    }

    private String refusal(List<ServiceSpec> specs) {
        try (NftForwardingPlane plane = new NftForwardingPlane("no-such-namespace-kj")) {
            return assertThrows(ForwardingPlaneException.class, () -> plane.apply(specs))
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
    void opsRepliesMustBeUnambiguous() throws Exception {
        ServiceKey dns = ServiceKey.of(InetAddress.getByName("192.0.2.1"), 53, Protocol.UDP);
        ServiceKey other = ServiceKey.of(InetAddress.getByName("192.0.2.2"), 53, Protocol.UDP);
        ServiceSpec ops =
                new ServiceSpec(dns, "rr", List.of("ops"), null, null, List.of(real("10.0.0.1", ForwardingMethod.NAT)));
        for (List<String> flags : List.of(List.of("ops"), List.<String>of())) {
            String message = refusal(List.of(
                    ops,
                    new ServiceSpec(other, "rr", flags, null, null, List.of(real("10.0.0.1", ForwardingMethod.NAT)))));
            assertTrue(
                    message.contains(
                            "real server [10.0.0.1]:8080: the nftables data plane tells the replies of one-packet"
                                    + " scheduling apart by real server address and port only"),
                    message);
        }
        // A fwmark service whose real server keeps the client's port may get any port of that address.
        assertTrue(refusal(List.of(
                        ops,
                        new ServiceSpec(
                                ServiceKey.fwmark(3, org.keepalivedj.api.model.Family.INET, Protocol.TCP),
                                "rr",
                                List.of(),
                                null,
                                null,
                                List.of(new Destination(
                                        InetAddress.getByName("10.0.0.1"), 0, 1, ForwardingMethod.NAT, 0, 0)))))
                .contains("and FWM 3 (inet) uses the same real server"));
        // The same real server behind a TCP service is no reply of ours: accepted (the plane then
        // fails only for want of the namespace).
        assertTrue(refusal(List.of(
                        ops,
                        new ServiceSpec(
                                ServiceKey.of(InetAddress.getByName("192.0.2.2"), 53, Protocol.TCP),
                                "rr",
                                List.of(),
                                null,
                                null,
                                List.of(real("10.0.0.1", ForwardingMethod.NAT)))))
                .contains("no-such-namespace-kj"));
    }

    @Test
    void opsNeedsAnAddressAndAPort() throws Exception {
        assertTrue(refusal(new ServiceSpec(
                        ServiceKey.fwmark(3, org.keepalivedj.api.model.Family.INET, Protocol.UDP),
                        "rr",
                        List.of("ops"),
                        null,
                        null,
                        List.of(real("10.0.0.1", ForwardingMethod.NAT))))
                .contains("a firewall-mark service"));
        assertTrue(refusal(new ServiceSpec(
                        ServiceKey.of(InetAddress.getByName("192.0.2.1"), 0, Protocol.UDP),
                        "rr",
                        List.of("ops"),
                        null,
                        null,
                        List.of(real("10.0.0.1", ForwardingMethod.NAT))))
                .contains("an all-ports service"));
    }

    @Test
    void aKernelFailureNamesTheNamespace() throws Exception {
        String message = refusal(
                new ServiceSpec(key, "rr", List.of(), null, null, List.of(real("10.0.0.1", ForwardingMethod.NAT))));
        assertTrue(message.contains("no-such-namespace-kj"), message);
    }
}
