package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.SmtpAlert;

/** The e-mail alert keywords of global_defs: bound as written, a bad smtp_server port refused with its location. */
class SmtpServerBindingTest {

    private static KeepalivedConfigLoader.Result load(String text) throws ConfigException {
        return Samples.loader().load(text, "t.conf", Path.of("."));
    }

    @Test
    void mailKeywordsAreBound() throws ConfigException {
        GlobalDefs g = load("""
                global_defs {
                    notification_email {
                        ops@example.com
                        pager@example.com
                    }
                    notification_email_from lb@example.com
                    smtp_server 127.0.0.1 2525
                    smtp_helo_name lb1.example.com
                    smtp_connect_timeout 7
                    smtp_alert
                    smtp_alert_vrrp false
                    smtp_alert_checker
                }
                """).config().globalDefs();
        assertEquals(List.of("ops@example.com", "pager@example.com"), g.notificationEmails());
        assertEquals("lb@example.com", g.notificationEmailFrom());
        assertEquals("127.0.0.1 2525", g.smtpServer());
        assertEquals("lb1.example.com", g.smtpHeloName());
        assertEquals(7, g.smtpConnectTimeout().toSeconds());
        assertEquals(SmtpAlert.ON, g.smtpAlert());
        assertEquals(SmtpAlert.OFF, g.smtpAlertVrrp());
        assertEquals(SmtpAlert.ON, g.smtpAlertChecker());
    }

    @Test
    void aPortOutOfRangeIsAnErrorNamingFileLineAndKeyword() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                global_defs {
                    smtp_server 127.0.0.1 70000
                }
                """));
        assertEquals(
                List.of("t.conf:2:5: global_defs: smtp_server port must be 1-65535, not 70000"),
                e.problems().stream()
                        .filter(ConfigProblem::isError)
                        .map(ConfigProblem::toString)
                        .toList());
    }

    @Test
    void extraWordsAfterThePortAreAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                global_defs {
                    smtp_server mail.example.com 25 extra
                }
                """));
        assertEquals(
                List.of("t.conf:2:5: global_defs: smtp_server takes an address and an optional port, not "
                        + "mail.example.com 25 extra"),
                e.problems().stream()
                        .filter(ConfigProblem::isError)
                        .map(ConfigProblem::toString)
                        .toList());
    }
}
