package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.SmtpAlert;
import org.keepalivedj.api.model.VirtualServer;

/**
 * smtp_alert as keepalived reads it: absent (the defaults decide), bare (on), or with a boolean
 * that may switch it off; in global_defs (with smtp_alert_vrrp / smtp_alert_checker), instances,
 * sync groups, virtual and real servers.
 */
class SmtpAlertBindingTest {
    private static final String EVERY_FORM = """
            global_defs {
                smtp_alert yes
                smtp_alert_vrrp off
            }
            vrrp_instance VI_BARE {
                interface eth0
                virtual_router_id 1
                smtp_alert
            }
            vrrp_instance VI_FALSE {
                interface eth0
                virtual_router_id 2
                smtp_alert false
            }
            vrrp_instance VI_LAST_WINS {
                interface eth0
                virtual_router_id 3
                smtp_alert
                smtp_alert no
            }
            vrrp_instance VI_NONE {
                interface eth0
                virtual_router_id 4
            }
            vrrp_sync_group G_OFF {
                group {
                    VI_BARE
                }
                smtp_alert off
            }
            vrrp_sync_group G_NONE {
                group {
                    VI_NONE
                }
            }
            virtual_server 192.0.2.1 80 {
                protocol TCP
                smtp_alert false
                real_server 10.0.0.2 80 {
                    smtp_alert
                }
                real_server 10.0.0.3 80 {
                    smtp_alert off
                }
                real_server 10.0.0.4 80 {
                    smtp_alert TRUE
                }
                real_server 10.0.0.5 80 {
                }
            }
            virtual_server 192.0.2.1 81 {
                protocol TCP
            }
            """;

    private static KeepalivedConfig load(String text) throws ConfigException {
        return Samples.loader().load(text, "t.conf", Path.of(".")).config();
    }

    @Test
    void everyFormIsBoundAsWritten() throws ConfigException {
        KeepalivedConfig c = load(EVERY_FORM);
        GlobalDefs g = c.globalDefs();
        assertEquals(SmtpAlert.ON, g.smtpAlert());
        assertEquals(SmtpAlert.OFF, g.smtpAlertVrrp());
        assertEquals(SmtpAlert.UNSET, g.smtpAlertChecker());

        assertEquals(SmtpAlert.ON, c.vrrpInstances().get("VI_BARE").smtpAlert());
        assertEquals(SmtpAlert.OFF, c.vrrpInstances().get("VI_FALSE").smtpAlert());
        assertEquals(SmtpAlert.OFF, c.vrrpInstances().get("VI_LAST_WINS").smtpAlert());
        assertEquals(SmtpAlert.UNSET, c.vrrpInstances().get("VI_NONE").smtpAlert());
        assertEquals(SmtpAlert.OFF, c.syncGroups().get("G_OFF").smtpAlert());
        assertEquals(SmtpAlert.UNSET, c.syncGroups().get("G_NONE").smtpAlert());

        VirtualServer vs = c.virtualServers().get("192.0.2.1:80/tcp");
        assertTrue(vs != null, c.virtualServers().keySet().toString());
        assertEquals(SmtpAlert.OFF, vs.smtpAlert());
        assertEquals(SmtpAlert.ON, vs.realServers().get("10.0.0.2:80").smtpAlert());
        assertEquals(SmtpAlert.OFF, vs.realServers().get("10.0.0.3:80").smtpAlert());
        assertEquals(SmtpAlert.ON, vs.realServers().get("10.0.0.4:80").smtpAlert());
        assertEquals(SmtpAlert.UNSET, vs.realServers().get("10.0.0.5:80").smtpAlert());
        assertEquals(SmtpAlert.UNSET, c.virtualServers().get("192.0.2.1:81/tcp").smtpAlert());
    }

    @Test
    void nothingSaidIsUnsetEverywhere() throws ConfigException {
        GlobalDefs g = load("global_defs {\n    router_id X\n}\n").globalDefs();
        assertEquals(
                List.of(SmtpAlert.UNSET, SmtpAlert.UNSET, SmtpAlert.UNSET),
                List.of(g.smtpAlert(), g.smtpAlertVrrp(), g.smtpAlertChecker()));
        assertEquals(SmtpAlert.UNSET, GlobalDefsBinder.DEFAULTS.smtpAlert());
    }

    @Test
    void theDumpKeepsOffAndUnsetApart() throws ConfigException {
        KeepalivedConfig c = load(EVERY_FORM);
        String dump = ConfigDump.dump(c);
        assertEquals(c, load(dump), dump);
        assertTrue(dump.contains("smtp_alert_vrrp false\n"), dump);
        assertTrue(!dump.contains("smtp_alert_checker"), "unset is not written: " + dump);
        assertEquals(5, count(dump, "smtp_alert false\n"), dump);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(
                        "global_defs {\n    smtp_alert maybe\n}\n",
                        "t.conf:2:5: global_defs: smtp_alert maybe is not a boolean (true/false)"),
                Arguments.of(
                        "global_defs {\n    smtp_alert_checker 2\n}\n",
                        "t.conf:2:5: global_defs: smtp_alert_checker 2 is not a boolean (true/false)"),
                Arguments.of(
                        "global_defs {\n    smtp_alert_vrrp true false\n}\n",
                        "t.conf:2:5: global_defs: smtp_alert_vrrp takes at most one argument"),
                Arguments.of(
                        "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n    smtp_alert nope\n}\n",
                        "t.conf:4:5: vrrp_instance VI_1: smtp_alert nope is not a boolean (true/false)"),
                Arguments.of(
                        "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n}\n"
                                + "vrrp_sync_group G {\n    group {\n        VI_1\n    }\n    smtp_alert never\n}\n",
                        "t.conf:9:5: vrrp_sync_group G: smtp_alert never is not a boolean (true/false)"),
                Arguments.of(
                        "virtual_server 192.0.2.1 80 {\n    smtp_alert enabled\n}\n",
                        "t.conf:2:5: virtual_server 192.0.2.1 80: smtp_alert enabled is not a boolean (true/false)"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aValueThatIsNotABooleanIsAnErrorNamingFileLineAndKeyword(String config, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(config));
        assertEquals(
                List.of(expected),
                e.problems().stream()
                        .filter(ConfigProblem::isError)
                        .map(ConfigProblem::toString)
                        .toList());
    }

    @Test
    void aRealServersBadValueNamesItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                virtual_server 192.0.2.1 80 {
                    real_server 10.0.0.2 80 {
                        smtp_alert sometimes
                    }
                }
                """));
        List<String> errors = e.problems().stream()
                .filter(ConfigProblem::isError)
                .map(ConfigProblem::toString)
                .toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(
                errors.get(0).startsWith("t.conf:3:9: ")
                        && errors.get(0).endsWith("smtp_alert sometimes is not a boolean (true/false)"),
                errors.toString());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
