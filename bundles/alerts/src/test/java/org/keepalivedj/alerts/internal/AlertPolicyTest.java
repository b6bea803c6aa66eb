package org.keepalivedj.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
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
        return AlertPolicy.of(KeepalivedConfigLoader.withBuiltinCheckers()
                .load(MAIL.formatted(globals), "t.conf", Path.of(".")).config(), "host1");
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

    @Test
    void noServerOrNoRecipientMeansNoMail() throws Exception {
        AlertPolicy p = AlertPolicy.of(KeepalivedConfigLoader.withBuiltinCheckers().load(
                MAIL.formatted("").replace("smtp_server 192.0.2.25", ""), "t.conf", Path.of(".")).config(), "h");
        assertTrue(p.smtp().isEmpty());
        assertFalse(p.instance("VI_ON"));
        assertFalse(p.realServer("192.0.2.1:80/tcp", "10.0.0.2:80"));
    }

    @Test
    void messagesFollowKeepalivedsWording() {
        Instant at = Instant.EPOCH;
        assertEquals("[R] VRRP Instance VI_1 - Entering FAULT state",
                AlertMessages.vrrpInstance("R", "VI_1", InstanceState.FAULT, at).subject());
        assertEquals("=> VRRP Instance is no longer owning VRRP VIPs <=",
                AlertMessages.vrrpInstance("R", "VI_1", InstanceState.FAULT, at).body());
        assertEquals("[R] Realserver [2001:db8::2]:udp:53 of virtual server [2001:db8::1]:udp:53 - DOWN",
                AlertMessages.realServer("R", "[2001:db8::2]:53", "[2001:db8::1]:53/udp", false, List.of(), at).subject());
        CheckerStatus http = new CheckerStatus("HTTP_GET", true, false, "", null, null, 1, 1, 1);
        CheckerStatus misc = new CheckerStatus("MISC_CHECK", true, true, "", null, null, 0, 1, 0);
        assertEquals("=> CHECK failed on service <=",
                AlertMessages.realServer("R", "10.0.0.2:80", "fwmark 7/tcp", false, List.of(misc, http), at).body());
        assertEquals("=> MISC CHECK succeed on service <=",
                AlertMessages.realServer("R", "10.0.0.2:80", "fwmark 7/tcp", true, List.of(misc, http), at).body());
        assertEquals("[R] Virtualserver FWM 7 - UP", AlertMessages.quorum("R", "fwmark 7/tcp", true, at).subject());
    }
}
