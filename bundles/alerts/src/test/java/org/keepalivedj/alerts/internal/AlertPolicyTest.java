package org.keepalivedj.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.config.KeepalivedConfigLoader;

/** Which objects mail under keepalived's smtp_alert defaults, and the exact subjects and bodies. */
class AlertPolicyTest {
    private static final String MAIL = """
            global_defs {
              notification_email {
                ops@example.com
              }
              smtp_server 192.0.2.25
              %s
            }
            vrrp_sync_group SG {
              group {
                VI_GROUPED
              }
            }
            vrrp_instance VI_ON {
              interface eth0
              virtual_router_id 1
              priority 100
              smtp_alert
              virtual_ipaddress {
                192.0.2.1
              }
            }
            vrrp_instance VI_GROUPED {
              interface eth0
              virtual_router_id 2
              priority 100
              virtual_ipaddress {
                192.0.2.2
              }
            }
            virtual_server 192.0.2.1 80 {
              protocol TCP
              real_server 10.0.0.2 80 {
                TCP_CHECK {
                }
              }
              real_server 10.0.0.3 80 {
                smtp_alert
                TCP_CHECK {
                }
              }
            }
            """;

    private static AlertPolicy policy(String globals) throws Exception {
        return AlertPolicy.of(
                KeepalivedConfigLoader.withBuiltinCheckers()
                        .load(MAIL.formatted(globals), "t.conf", Path.of("."))
                        .config(),
                "host1");
    }

    @Test
    void withoutGlobalDefaultsOnlyFlaggedVrrpObjectsMailButRealServersDo() throws Exception {
        AlertPolicy p = policy("");
        assertTrue(p.instance("VI_ON"));
        assertFalse(p.instance("VI_GROUPED"));
        assertFalse(p.group("SG"));
        assertEquals("SG", p.groupOf("VI_GROUPED").orElseThrow());
        assertTrue(p.realServer("192.0.2.1:80/tcp", "10.0.0.2:80"), "keepalived's historical default for real servers");
        assertFalse(p.quorum("192.0.2.1:80/tcp"));
        SmtpSettings smtp = p.smtp().orElseThrow();
        assertEquals("192.0.2.25:25", smtp.server());
        assertEquals("host1", smtp.routerId());
        assertEquals("host1", smtp.heloName());
        assertEquals("keepalived@host1", smtp.from());
        assertEquals(Duration.ofSeconds(30), smtp.timeout());
    }

    @Test
    void globalSmtpAlertTurnsEveryVrrpObjectAndQuorumOn() throws Exception {
        AlertPolicy p = policy("smtp_alert");
        assertTrue(p.instance("VI_GROUPED"));
        assertTrue(p.group("SG"));
        assertTrue(p.quorum("192.0.2.1:80/tcp"));
    }

    @Test
    void theSpecificDefaultsWinOverSmtpAlert() throws Exception {
        AlertPolicy p = policy("smtp_alert\n  smtp_alert_vrrp false\n  smtp_alert_checker off");
        assertFalse(p.instance("VI_GROUPED"));
        assertTrue(p.instance("VI_ON"), "its own smtp_alert");
        assertFalse(p.quorum("192.0.2.1:80/tcp"));
        assertFalse(p.realServer("192.0.2.1:80/tcp", "10.0.0.2:80"));
        assertTrue(p.realServer("192.0.2.1:80/tcp", "10.0.0.3:80"), "its own smtp_alert");
    }

    /**
     * keepalived's precedence, every combination: the object's own smtp_alert, else the kind's
     * global default (smtp_alert_vrrp / smtp_alert_checker), else global smtp_alert, else the
     * built-in default (off for VRRP objects and quorum, on for real servers). "-" is not written.
     */
    @ParameterizedTest(name = "smtp_alert {0}, kind default {1}, own {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // global | kind | own | VRRP objects and quorum | real server
                "-   | -   | -   | false | true",
                "-   | -   | on  | true  | true",
                "-   | -   | off | false | false",
                "-   | on  | -   | true  | true",
                "-   | on  | on  | true  | true",
                "-   | on  | off | false | false",
                "-   | off | -   | false | false",
                "-   | off | on  | true  | true",
                "-   | off | off | false | false",
                "on  | -   | -   | true  | true",
                "on  | -   | on  | true  | true",
                "on  | -   | off | false | false",
                "on  | on  | -   | true  | true",
                "on  | on  | on  | true  | true",
                "on  | on  | off | false | false",
                "on  | off | -   | false | false",
                "on  | off | on  | true  | true",
                "on  | off | off | false | false",
                "off | -   | -   | false | false",
                "off | -   | on  | true  | true",
                "off | -   | off | false | false",
                "off | on  | -   | true  | true",
                "off | on  | on  | true  | true",
                "off | on  | off | false | false",
                "off | off | -   | false | false",
                "off | off | on  | true  | true",
                "off | off | off | false | false",
            })
    void precedence(String global, String kindDefault, String own, boolean vrrpAndQuorum, boolean realServer)
            throws Exception {
        String globals = keyword("smtp_alert", global)
                + keyword("smtp_alert_vrrp", kindDefault)
                + keyword("smtp_alert_checker", kindDefault);
        String ownLine = keyword("smtp_alert", own);
        AlertPolicy p = AlertPolicy.of(
                KeepalivedConfigLoader.withBuiltinCheckers()
                        .load("""
                global_defs {
                  notification_email {
                    ops@example.com
                  }
                  smtp_server 192.0.2.25
                %1$s}
                vrrp_sync_group SG {
                  group {
                    VI
                  }
                %2$s}
                vrrp_instance VI {
                  interface eth0
                  virtual_router_id 1
                %2$s}
                virtual_server 192.0.2.1 80 {
                  protocol TCP
                %2$s  real_server 10.0.0.2 80 {
                  %2$s  TCP_CHECK {
                    }
                  }
                }
                """.formatted(globals, ownLine), "t.conf", Path.of("."))
                        .config(),
                "host1");
        assertEquals(vrrpAndQuorum, p.instance("VI"), "vrrp_instance");
        assertEquals(vrrpAndQuorum, p.group("SG"), "vrrp_sync_group");
        assertEquals(vrrpAndQuorum, p.quorum("192.0.2.1:80/tcp"), "virtual_server");
        assertEquals(realServer, p.realServer("192.0.2.1:80/tcp", "10.0.0.2:80"), "real_server");
    }

    @Test
    void eachKindReadsOnlyItsOwnDefault() throws Exception {
        AlertPolicy vrrpOnly = policy("smtp_alert_vrrp\n  smtp_alert_checker false");
        assertTrue(vrrpOnly.instance("VI_GROUPED"));
        assertTrue(vrrpOnly.group("SG"));
        assertFalse(vrrpOnly.quorum("192.0.2.1:80/tcp"));
        assertFalse(vrrpOnly.realServer("192.0.2.1:80/tcp", "10.0.0.2:80"));

        AlertPolicy checkerOnly = policy("smtp_alert_checker\n  smtp_alert_vrrp no");
        assertFalse(checkerOnly.instance("VI_GROUPED"));
        assertTrue(checkerOnly.instance("VI_ON"), "its own smtp_alert");
        assertFalse(checkerOnly.group("SG"));
        assertTrue(checkerOnly.quorum("192.0.2.1:80/tcp"));
        assertTrue(checkerOnly.realServer("192.0.2.1:80/tcp", "10.0.0.2:80"));
    }

    @Test
    void aGlobalSmtpAlertFalseSilencesRealServersWithoutTheirOwn() throws Exception {
        AlertPolicy p = policy("smtp_alert false");
        assertFalse(p.realServer("192.0.2.1:80/tcp", "10.0.0.2:80"));
        assertTrue(p.realServer("192.0.2.1:80/tcp", "10.0.0.3:80"), "its own smtp_alert");
        assertTrue(p.instance("VI_ON"), "its own smtp_alert");
        assertFalse(p.instance("VI_GROUPED"));
    }

    /** "-": the keyword is left out; otherwise written with the value, a bare keyword for "on". */
    private static String keyword(String name, String value) {
        return switch (value) {
            case "-" -> "";
            case "on" -> "  " + name + "\n";
            default -> "  " + name + " " + value + "\n";
        };
    }

    @Test
    void noServerOrNoRecipientMeansNoMail() throws Exception {
        AlertPolicy p = AlertPolicy.of(
                KeepalivedConfigLoader.withBuiltinCheckers()
                        .load(MAIL.formatted("").replace("smtp_server 192.0.2.25", ""), "t.conf", Path.of("."))
                        .config(),
                "h");
        assertTrue(p.smtp().isEmpty());
        assertFalse(p.instance("VI_ON"));
        assertFalse(p.realServer("192.0.2.1:80/tcp", "10.0.0.2:80"));
    }

    @Test
    void messagesFollowKeepalivedsWording() {
        Instant at = Instant.EPOCH;
        assertEquals(
                "[R] VRRP Instance VI_1 - Entering FAULT state",
                AlertMessages.vrrpInstance("R", "VI_1", InstanceState.FAULT, at).subject());
        assertEquals(
                "=> VRRP Instance is no longer owning VRRP VIPs <=",
                AlertMessages.vrrpInstance("R", "VI_1", InstanceState.FAULT, at).body());
        assertEquals(
                "[R] Realserver [2001:db8::2]:udp:53 of virtual server [2001:db8::1]:udp:53 - DOWN",
                AlertMessages.realServer("R", "[2001:db8::2]:53", "[2001:db8::1]:53/udp", false, List.of(), at)
                        .subject());
        CheckerStatus http = new CheckerStatus("HTTP_GET", true, false, "", null, null, 1, 1, 1);
        CheckerStatus misc = new CheckerStatus("MISC_CHECK", true, true, "", null, null, 0, 1, 0);
        assertEquals(
                "=> CHECK failed on service : HTTP request failed <=",
                AlertMessages.realServer("R", "10.0.0.2:80", "fwmark 7/tcp", false, List.of(misc, http), at)
                        .body());
        assertEquals(
                "=> MISC CHECK succeeded on service <=",
                AlertMessages.realServer("R", "10.0.0.2:80", "fwmark 7/tcp", true, List.of(misc, http), at)
                        .body());
        assertEquals(
                "[R] Virtualserver FWM 7 - UP",
                AlertMessages.quorum("R", "fwmark 7/tcp", true, 1, 0, 1, at).subject());
    }

    /** Each checker kind's sentences as keepalived 2.2.7 mailed them in the user-mode-linux lab (2026-12-06). */
    @Test
    void eachCheckerKindHasKeepalivedsSentence() {
        assertEquals("=> TCP CHECK failed on service <=", AlertMessages.body("TCP_CHECK", false, "x"));
        assertEquals("=> TCP CHECK succeed on service <=", AlertMessages.body("TCP_CHECK", true, "x"));
        assertEquals("=> UDP CHECK failed on service <=", AlertMessages.body("UDP_CHECK", false, "x"));
        assertEquals("=> UDP CHECK succeed on service <=", AlertMessages.body("UDP_CHECK", true, "x"));
        assertEquals("=> CHECK failed on service : HTTP request failed <=", AlertMessages.body("SSL_GET", false, "x"));
        assertEquals("=> CHECK succeed on service <=", AlertMessages.body("HTTP_GET", true, "x"));
        assertEquals(
                "=> CHECK failed on service : Bad greeting banner from server [127.9.7.3]:25 <=",
                AlertMessages.body("SMTP_CHECK", false, "Bad greeting banner from server [127.9.7.3]:25"));
        assertEquals("=> CHECK succeed on service <=", AlertMessages.body("SMTP_CHECK", true, "x"));
        assertEquals("=> MISC CHECK failed on service <=", AlertMessages.body("MISC_CHECK", false, "exit 1"));
        assertEquals(
                "=> MISC CHECK timed out on service <=",
                AlertMessages.body("MISC_CHECK", false, "/bin/sleep timed out after 5000 ms, killed"));
        assertEquals("=> MISC CHECK succeeded on service <=", AlertMessages.body("MISC_CHECK", true, "x"));
        assertEquals("=> DNS_CHECK: failed on service <=", AlertMessages.body("DNS_CHECK", false, "x"));
        assertEquals("=> DNS_CHECK: succeed on service <=", AlertMessages.body("DNS_CHECK", true, "x"));
        assertEquals("=> ICMP CHECK failed on service <=", AlertMessages.body("PING_CHECK", false, "x"));
        assertEquals("=> ICMP CHECK succeed on service <=", AlertMessages.body("PING_CHECK", true, "x"));
        Instant at = Instant.EPOCH;
        assertEquals(
                "=> Gained quorum 2+1=3 <= 3 <=",
                AlertMessages.quorum("R", "v:1/tcp", true, 2, 1, 3, at).body());
        assertEquals(
                "=> Lost quorum 2+1=1 <= 0 <=",
                AlertMessages.quorum("R", "v:1/tcp", false, 2, 1, 0, at).body());
        assertEquals(
                "=> Starting with quorum up 1+0=1 <= 11 <=",
                AlertMessages.quorumAtStart("R", "v:1/tcp", 1, 0, 11, at).body());
    }
}
