package org.keepalivedj.nft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.nft.NftForwardingPlane;
import org.keepalivedj.testsupport.RequiresRoot;

class PlaneChoiceTest {

    /** A stand-in for the IPVS plane: this machine's kernel has no IPVS to run the real one. */
    private record StubPlane(String name, boolean available) implements ForwardingPlane {
        @Override
        public void apply(Collection<ServiceSpec> services) {}

        @Override
        public void clear() {}

        @Override
        public List<ServiceStatistics> statistics() {
            return List.of();
        }

        @Override
        public void close() {}
    }

    private final ForwardingPlane ipvs = new StubPlane("ipvs", true);
    private final ForwardingPlane nft = new StubPlane("nft", true);
    private final ForwardingPlane unusableNft = new StubPlane("nft", false);

    @Test
    void autoPrefersIpvsWhereTheKernelHasIt() {
        assertSame(ipvs, PlaneChoice.choose("auto", ipvs, true, nft).plane());
    }

    @Test
    void autoFallsBackToNftablesWithoutIpvs() {
        PlaneChoice choice = PlaneChoice.choose("auto", ipvs, false, nft);
        assertSame(nft, choice.plane());
        assertTrue(choice.reason().contains("no IPVS"), choice.reason());
        assertSame(nft, PlaneChoice.choose("auto", null, true, nft).plane(), "IPVS kernel but no IPVS bundle");
    }

    @Test
    void autoEndsWithNoneAndSaysWhy() {
        PlaneChoice choice = PlaneChoice.choose("auto", null, false, unusableNft);
        assertEquals("none", choice.plane().name());
        assertTrue(choice.reason().contains("nftables is not usable"), choice.reason());
    }

    @Test
    void theSettingForcesAPlane() {
        assertSame(nft, PlaneChoice.choose("nft", ipvs, true, nft).plane());
        assertSame(ipvs, PlaneChoice.choose("ipvs", ipvs, false, nft).plane());
        assertEquals("none", PlaneChoice.choose("none", ipvs, true, nft).plane().name());
        assertEquals(
                "none", PlaneChoice.choose("ipvs", null, true, nft).plane().name(), "forced IPVS without its bundle");
    }

    @Test
    void theSettingIsChecked() {
        assertEquals("auto", PlaneChoice.setting(null));
        assertEquals("auto", PlaneChoice.setting(" "));
        assertEquals("nft", PlaneChoice.setting(" NFT "));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PlaneChoice.setting("iptables"));
        assertTrue(
                e.getMessage().contains("org.keepalivedj.cfg") && e.getMessage().contains("data.plane = iptables"),
                e.getMessage());
    }

    @Test
    void noPlaneAcceptsEverythingAndCountsNothing() throws Exception {
        ForwardingPlane none = PlaneChoice.choose("none", null, false, nft).plane();
        none.apply(List.of());
        assertEquals(List.of(), none.statistics());
    }

    @Test
    @RequiresRoot
    void onThisHostAutoPicksNftables() {
        assumeFalse(KernelProbe.hasIpvs(), "this kernel has IPVS");
        try (NftForwardingPlane real = new NftForwardingPlane()) {
            PlaneChoice choice = PlaneChoice.choose("auto", null, KernelProbe.hasIpvs(), real);
            assertSame(real, choice.plane(), choice.reason());
        }
    }
}
