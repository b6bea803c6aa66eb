package org.keepalivedj.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.Location;
import org.keepalivedj.api.net.AddressScope;

class ModelDiffTest {

    static VrrpInstance instance(String name, int priority, Duration advert, List<String> vips, Settings settings) {
        return new VrrpInstance(
                Origin.NONE,
                name,
                VrrpState.BACKUP,
                "eth0",
                51,
                priority,
                advert,
                3,
                Family.INET,
                false,
                Duration.ZERO,
                null,
                null,
                null,
                List.of(),
                vips.stream()
                        .map(v -> new VirtualAddress(
                                Origin.NONE,
                                IpPrefix.parse(v),
                                "eth0",
                                AddressScope.GLOBAL,
                                null,
                                null,
                                Set.of(),
                                false,
                                null,
                                false))
                        .toList(),
                List.of(),
                List.of(),
                List.of(),
                Tracking.NONE,
                false,
                null,
                null,
                null,
                NotifyScripts.NONE,
                null,
                GarpSettings.DEFAULTS,
                AdvertOptions.RFC,
                settings);
    }

    @Test
    void namesEachChangedKeywordOfAnInstance() {
        VrrpInstance a = instance("VI_1", 100, Duration.ofSeconds(1), List.of("192.0.2.1/24"), Settings.EMPTY);
        assertEquals(List.of(), ModelDiff.changed(ModelDiff.VRRP_INSTANCE, a, a));
        VrrpInstance b = instance(
                "VI_1",
                150,
                Duration.ofMillis(100),
                List.of("192.0.2.1/24", "192.0.2.2/24"),
                Settings.of(Map.of("garp_extra_if", "5")));
        assertEquals(
                List.of("priority", "advert_int", "virtual_ipaddress", "garp_extra_if"),
                ModelDiff.changed(ModelDiff.VRRP_INSTANCE, a, b));
        assertEquals("0.1", ModelDiff.text(ModelDiff.value(ModelDiff.VRRP_INSTANCE, "advert_int", b)));
        assertEquals("5", ModelDiff.text(ModelDiff.value(ModelDiff.VRRP_INSTANCE, "garp_extra_if", b)));
        assertEquals(List.of(b.virtualAddresses().get(1)), ModelDiff.minus(b.virtualAddresses(), a.virtualAddresses()));
    }

    @Test
    void useVmacOnAnAddressLineIsAChangeOfItsBlock() {
        VrrpInstance a = instance("VI_1", 100, Duration.ofSeconds(1), List.of("192.0.2.1/24"), Settings.EMPTY);
        VrrpInstance b = instance("VI_1", 100, Duration.ofSeconds(1), List.of(), Settings.EMPTY);
        b = new VrrpInstance(
                b.origin(),
                b.name(),
                b.initialState(),
                b.interfaceName(),
                b.virtualRouterId(),
                b.priority(),
                b.advertInterval(),
                b.version(),
                b.family(),
                b.nopreempt(),
                b.preemptDelay(),
                b.accept(),
                b.sourceAddress(),
                b.multicastGroup(),
                b.unicastPeers(),
                List.of(a.virtualAddresses().get(0).withVmac()),
                b.excludedAddresses(),
                b.virtualRoutes(),
                b.virtualRules(),
                b.tracking(),
                b.dontTrackPrimary(),
                b.vmac(),
                b.authentication(),
                b.hmacAuthentication(),
                b.notifyScripts(),
                b.smtpAlert(),
                b.garp(),
                b.advertOptions(),
                b.settings());
        assertEquals(List.of("virtual_ipaddress"), ModelDiff.changed(ModelDiff.VRRP_INSTANCE, a, b));
    }

    @Test
    void aBlockThatMovedIsTheSameBlock() {
        VrrpInstance a = instance("VI_1", 100, Duration.ofSeconds(1), List.of("192.0.2.1/24"), Settings.EMPTY);
        VrrpInstance moved = new VrrpInstance(
                new Origin(Location.builtin("elsewhere")),
                a.name(),
                a.initialState(),
                a.interfaceName(),
                a.virtualRouterId(),
                a.priority(),
                a.advertInterval(),
                a.version(),
                a.family(),
                a.nopreempt(),
                a.preemptDelay(),
                a.accept(),
                a.sourceAddress(),
                a.multicastGroup(),
                a.unicastPeers(),
                a.virtualAddresses(),
                a.excludedAddresses(),
                a.virtualRoutes(),
                a.virtualRules(),
                a.tracking(),
                a.dontTrackPrimary(),
                a.vmac(),
                a.authentication(),
                a.hmacAuthentication(),
                a.notifyScripts(),
                a.smtpAlert(),
                a.garp(),
                a.advertOptions(),
                a.settings());
        assertEquals(List.of(), ModelDiff.changed(ModelDiff.VRRP_INSTANCE, a, moved));
    }

    @Test
    void keyedObjectsAreRemovedAddedOrChanged() {
        Map<String, Integer> before = new LinkedHashMap<>();
        before.put("a", 1);
        before.put("b", 2);
        before.put("c", 3);
        Map<String, Integer> after = new LinkedHashMap<>();
        after.put("d", 4);
        after.put("b", 20);
        after.put("c", 3);
        ModelDiff.Keyed k = ModelDiff.keyed(before, after);
        assertEquals(List.of("a"), k.removed());
        assertEquals(List.of("d"), k.added());
        assertEquals(List.of("b"), k.changed());
    }

    @Test
    void scalarsAreWrittenAsKeepalivedWritesThem() throws Exception {
        assertEquals("2001:db8::1", ModelDiff.text(InetAddress.getByName("2001:db8:0:0::1")));
        assertEquals("1", ModelDiff.text(Duration.ofSeconds(1)));
        assertEquals("none", ModelDiff.text(null));
        assertEquals(null, ModelDiff.text(List.of()));
    }

    /** Every value of each compared record is in its table: a new record component must be added there. */
    @Test
    void everyRecordComponentIsCompared() {
        assertCovers(VrrpInstance.class, ModelDiff.VRRP_INSTANCE.size(), "origin", "name", "tracking", "advertOptions");
        assertCovers(
                VirtualServer.class, ModelDiff.VIRTUAL_SERVER.size(), "origin", "target", "protocol", "realServers");
        assertCovers(RealServer.class, ModelDiff.REAL_SERVER.size(), "origin", "endpoint");
        assertCovers(SyncGroup.class, ModelDiff.SYNC_GROUP.size(), "origin", "name");
    }

    private static void assertCovers(Class<? extends Record> type, int compared, String... notCompared) {
        RecordComponent[] parts = type.getRecordComponents();
        // tracking is compared as its five track_* lists, advertOptions as its two keywords
        List<String> split = Arrays.asList(notCompared);
        int expected = parts.length
                - notCompared.length
                + (split.contains("tracking") ? 5 : 0)
                + (split.contains("advertOptions") ? 2 : 0);
        assertEquals(expected, compared, type.getSimpleName() + " has " + parts.length + " components");
        for (String n : notCompared) {
            assertTrue(Arrays.stream(parts).anyMatch(p -> p.getName().equals(n)), n);
        }
    }
}
