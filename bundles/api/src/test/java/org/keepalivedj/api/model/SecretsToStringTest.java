package org.keepalivedj.api.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Model records that hold a secret print without it: they end up in log lines and exception messages. */
class SecretsToStringTest {

    @Test
    void authenticationHidesItsPassword() {
        String s = new Authentication(Origin.NONE, "PASS", "Vp-5523").toString();
        assertFalse(s.contains("Vp-5523"), s);
        assertTrue(s.contains("PASS"), s);
    }

    @Test
    void sslSettingsHideTheKeyPassword() {
        String s = new SslSettings(Origin.NONE, "SslKeyPw-771", "/etc/ca.pem", "/etc/c.pem", "/etc/k.pem").toString();
        assertFalse(s.contains("SslKeyPw-771"), s);
        assertTrue(s.contains("/etc/k.pem"), s);
    }
}
