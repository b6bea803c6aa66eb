package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.Settings;
import org.keepalivedj.vrrp.ChecksumMode;

/** The engine reads the values of the flag keywords the model keeps verbatim, not their presence. */
class FlagSettingsTest {
    private static Settings s(String keyword, String value) {
        return Settings.of(Map.of(keyword, value));
    }

    @Test
    void strictModeFalseIsOffEvenUnderVrrpStrict() {
        assertFalse(InstanceRuntime.strict(s("strict_mode", "false"), true));
        assertTrue(InstanceRuntime.strict(s("strict_mode", ""), false));
        assertTrue(InstanceRuntime.strict(s("strict_mode", "on"), false));
        assertTrue(InstanceRuntime.strict(Settings.EMPTY, true), "no strict_mode: vrrp_strict decides");
        assertFalse(InstanceRuntime.strict(null, false));
    }

    @Test
    void v3ChecksumAsV2FalseKeepsTheStandardChecksum() {
        assertEquals(
                ChecksumMode.STANDARD, InstanceRuntime.checksumMode(s("v3_checksum_as_v2", "false"), Settings.EMPTY));
        assertEquals(ChecksumMode.STANDARD, InstanceRuntime.checksumMode(Settings.EMPTY, s("v3_checksum_as_v2", "no")));
        assertEquals(ChecksumMode.AS_V2, InstanceRuntime.checksumMode(s("v3_checksum_as_v2", ""), Settings.EMPTY));
        assertEquals(ChecksumMode.AS_V2, InstanceRuntime.checksumMode(Settings.EMPTY, s("v3_checksum_as_v2", "")));
        assertEquals(
                ChecksumMode.STANDARD,
                InstanceRuntime.checksumMode(s("v3_checksum_as_v2", "false"), s("v3_checksum_as_v2", "")),
                "the instance's false wins over global_defs");
    }

    @Test
    void oldUnicastChecksumIsOnOnlyBare() {
        assertEquals(ChecksumMode.OLD_UNICAST, InstanceRuntime.checksumMode(s("old_unicast_checksum", ""), null));
        assertEquals(ChecksumMode.STANDARD, InstanceRuntime.checksumMode(s("old_unicast_checksum", "never"), null));
        assertEquals(ChecksumMode.STANDARD, InstanceRuntime.checksumMode(s("old_unicast_checksum", "false"), null));
        assertEquals(ChecksumMode.STANDARD, InstanceRuntime.checksumMode(Settings.EMPTY, null));
    }

    @Test
    void lowerPrioNoAdvertReadsItsValue() {
        assertFalse(InstanceRuntime.lowerPrioNoAdvert(s("lower_prio_no_advert", "false"), Settings.EMPTY, true));
        assertTrue(InstanceRuntime.lowerPrioNoAdvert(s("lower_prio_no_advert", ""), Settings.EMPTY, false));
        assertFalse(InstanceRuntime.lowerPrioNoAdvert(Settings.EMPTY, s("vrrp_lower_prio_no_advert", "off"), true));
        assertTrue(InstanceRuntime.lowerPrioNoAdvert(Settings.EMPTY, Settings.EMPTY, true), "strict mode's default");
    }
}
