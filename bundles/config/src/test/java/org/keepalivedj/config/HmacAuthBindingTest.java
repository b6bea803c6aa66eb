package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.model.HmacAuthentication;
import org.keepalivedj.api.model.HmacAuthentication.AntiReplay;
import org.keepalivedj.api.model.HmacAuthentication.Mode;
import org.keepalivedj.api.model.VrrpInstance;

/** auth_hmac as keepalived 2.4 reads it: keys hex:, ASCII or file:, 32-64 bytes, checked at load. */
class HmacAuthBindingTest {
    private static final String HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @TempDir
    Path dir;

    private KeepalivedConfigLoader.Result load(String globals, String instance) throws Exception {
        return Samples.loader().load("global_defs {\n" + globals + "\n}\n" + """
                vrrp_instance VI_1 {
                    interface lo
                    virtual_router_id 51
                    advert_int 2
                    %s
                    virtual_ipaddress {
                        192.0.2.1/32
                    }
                }
                """.formatted(instance), "t.conf", dir);
    }

    private VrrpInstance instance(String block) throws Exception {
        return load("", block).config().vrrpInstances().get("VI_1");
    }

    @Test
    void keysAndDefaults() throws Exception {
        Path file = dir.resolve("k3");
        Files.writeString(file, "hex:" + HEX.replace('0', 'f') + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        HmacAuthentication h = instance("""
                auth_hmac {
                    key 1 hex:%s
                    key 2 an-ascii-key-of-thirty-two-bytes
                    key 3 file:%s
                    active_key 2
                }
                """.formatted(HEX, file)).hmacAuthentication();
        assertArrayEquals(HexFormat.of().parseHex(HEX), h.key(1));
        assertArrayEquals("an-ascii-key-of-thirty-two-bytes".getBytes(StandardCharsets.US_ASCII), h.key(2));
        assertArrayEquals(HexFormat.of().parseHex(HEX.replace('0', 'f')), h.key(3));
        assertEquals(2, h.activeKey());
        assertEquals(AntiReplay.TIME, h.antiReplay());
        assertEquals(Mode.ENFORCE, h.mode());
        assertEquals(Duration.ofSeconds(6), h.timeWindow(), "max(3 x advert_int, 5)");
        assertTrue(!h.toString().contains(HEX), "toString hides the keys");
    }

    @Test
    void modesAndWindow() throws Exception {
        HmacAuthentication h = instance("""
                auth_hmac {
                    key 9 hex:%s
                    active_key 9
                    anti_replay monotonic
                    time_window 30
                    mode receive-only
                }
                """.formatted(HEX)).hmacAuthentication();
        assertEquals(AntiReplay.MONOTONIC, h.antiReplay());
        assertEquals(Duration.ofSeconds(30), h.timeWindow());
        assertEquals(Mode.RECEIVE_ONLY, h.mode());
    }

    @Test
    void theLegacyAuthenticationBlockGivesWay() throws Exception {
        var result = load("", """
                version 2
                authentication {
                    auth_type PASS
                    auth_pass secret
                }
                auth_hmac {
                    key 1 hex:%s
                    active_key 1
                }
                """.formatted(HEX));
        VrrpInstance i = result.config().vrrpInstances().get("VI_1");
        assertNull(i.authentication());
        assertEquals(1, i.hmacAuthentication().activeKey());
        assertTrue(
                result.warnings().stream().anyMatch(p -> p.message().contains("authentication ignored")),
                result.warnings()::toString);
    }

    @Test
    void badKeysAreErrorsAtLoadNamingTheLine() {
        String[][] cases = {
            {"key 1 hex:0011\nactive_key 1", "t.conf:9:", "is 2 bytes, it must be 32 to 64"},
            {"key 1 short\nactive_key 1", "t.conf:9:", "is 5 bytes"},
            {"key 0 hex:" + HEX + "\nactive_key 1", "t.conf:9:", "key id 0 out of range 1-255"},
            {"key 1 hex:" + HEX.substring(1) + "\nactive_key 1", "t.conf:9:", "not an even number of hex digits"},
            {"key 1 file:/nonexistent/kj-hmac-key\nactive_key 1", "t.conf:9:", "cannot read /nonexistent/kj-hmac-key"},
            {"key 1 hex:" + HEX + "\nactive_key 2", "t.conf:10:", "active_key 2 names no key"},
            {"key 1 hex:" + HEX, "t.conf:8:", "auth_hmac has no active_key"},
            {"key 1 hex:" + HEX + "\nactive_key 1\ntime_window 301", "t.conf:11:", "time_window"},
        };
        for (String[] c : cases) {
            ConfigException e =
                    assertThrows(ConfigException.class, () -> load("", "auth_hmac {\n" + c[0] + "\n}"), () -> c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(c[2]), e::getMessage);
        }
    }

    @Test
    void strictModeNeedsEnforce() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> load("vrrp_strict", "auth_hmac {\nkey 1 hex:" + HEX + "\nactive_key 1\nmode permissive\n}"));
        assertTrue(e.getMessage().contains("strict mode needs auth_hmac mode enforce"), e::getMessage);
    }

    @Test
    void theDumpWritesTheKeysAsHexAndRedactionHidesThem() throws Exception {
        var result = load("", "auth_hmac {\nkey 4 an-ascii-key-of-thirty-two-bytes\nactive_key 4\nmode permissive\n}");
        String dump = ConfigDump.dump(result.config());
        String hex = HexFormat.of().formatHex("an-ascii-key-of-thirty-two-bytes".getBytes(StandardCharsets.US_ASCII));
        assertTrue(dump.contains("key 4 hex:" + hex) && dump.contains("mode permissive"), dump);
        assertEquals(
                result.config().vrrpInstances().get("VI_1"),
                Samples.loader()
                        .load(dump, "dump.conf", dir)
                        .config()
                        .vrrpInstances()
                        .get("VI_1"),
                "the dump loads back into the same instance");
        String redacted = SecretRedaction.redact(dump);
        assertTrue(!redacted.contains(hex) && redacted.contains("key 4 " + SecretRedaction.HIDDEN), redacted);
    }
}
