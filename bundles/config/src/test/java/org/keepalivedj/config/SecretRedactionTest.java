package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/keepalived -d (ConfigTool dump) hides auth_pass and the SSL password; the canonical dump keeps them. */
class SecretRedactionTest {
    private static final String CONFIG = """
            SSL {
                password SslKeyPw-771
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 1
                authentication {
                    auth_type PASS
                    auth_pass Vp-5523
                }
                virtual_ipaddress {
                    192.0.2.1/24
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void theDumpCommandHidesSecretsAndKeepsEverythingElse() throws Exception {
        Path f = Files.writeString(dir.resolve("keepalived.conf"), CONFIG);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ConfigTool(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("dump", f.toString());
        String dump = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                code == ConfigTool.OK || code == ConfigTool.WOULD_RUN_WITH_ERRORS,
                err.toString(StandardCharsets.UTF_8));
        assertFalse(dump.contains("Vp-5523"), dump);
        assertFalse(dump.contains("SslKeyPw-771"), dump);
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("Vp-5523"));
        assertTrue(dump.contains("auth_pass " + SecretRedaction.HIDDEN), dump);
        assertTrue(dump.contains("password " + SecretRedaction.HIDDEN), dump);
        assertTrue(dump.contains("auth_type PASS"), dump);
    }

    @Test
    void redactionTouchesOnlySecretKeywords() {
        assertEquals(
                "  auth_pass <hidden>\n  auth_type PASS\n  router_id password\n",
                SecretRedaction.redact("  auth_pass abc\n  auth_type PASS\n  router_id password\n"));
    }
}
