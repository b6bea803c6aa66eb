package org.keepalivedj.snmp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.config.KeepalivedConfigLoader;

/** The keywords that turn the agent on, read from configs the config bundle loads. */
class SnmpSettingsTest {

    @TempDir
    Path dir;

    private SnmpSettings load(String globalDefs) throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, "global_defs {\n" + globalDefs + "\n}\n");
        GlobalDefs g =
                KeepalivedConfigLoader.withBuiltinCheckers().load(conf).config().globalDefs();
        return SnmpSettings.of(g);
    }

    @Test
    void offUnlessAKeywordEnablesIt() throws Exception {
        SnmpSettings s = load("    router_id a\n    enable_traps");
        assertFalse(s.enabled());
        assertEquals(SnmpSettings.DEFAULT_SOCKET, s.socket());
    }

    @Test
    void enableSnmpRfcIsBothRfcsAndTheOldSpellingIsTheVrrpPart() throws Exception {
        SnmpSettings s = load("    enable_snmp_rfc\n    enable_snmp_keepalived");
        assertTrue(s.rfc2787() && s.rfc6527() && s.keepalivedVrrp() && !s.keepalivedChecker());
        assertEquals(new SnmpSettings.Target("/var/agentx/master", null, 0), s.target());
    }

    @Test
    void socketForms() throws Exception {
        assertEquals(
                new SnmpSettings.Target(null, "127.0.0.1", 705),
                load("    enable_snmp_vrrp\n    snmp_socket tcp:127.0.0.1:705").target());
        assertEquals(
                new SnmpSettings.Target(null, "::1", 705),
                load("    enable_snmp_vrrp\n    snmp_socket tcp:[::1]:705").target());
        assertEquals(
                new SnmpSettings.Target("/run/agentx", null, 0),
                load("    enable_snmp_vrrp\n    snmp_socket /run/agentx").target());
        SnmpSettings udp = load("    enable_snmp_vrrp\n    snmp_socket udp:127.0.0.1:705");
        assertThrows(IllegalArgumentException.class, udp::target);
    }
}
