package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes, messages on stderr, the dump on stdout, never a stack trace. */
class ConfigToolTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new ConfigTool(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("keepalived.conf"), text);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void cleanConfigExitsZero() throws IOException {
        Path f = write("vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n"
                + "    virtual_ipaddress {\n        192.0.2.1/24\n    }\n}\n");
        assertEquals(ConfigTool.OK, run("check", f.toString()));
        assertEquals("", err());
    }

    @Test
    void missingFileCannotRun() {
        assertEquals(
                ConfigTool.CANNOT_RUN, run("check", dir.resolve("nope.conf").toString()));
        assertTrue(err().contains("nope.conf: cannot read configuration file"), err());
    }

    @Test
    void errorsCannotRunAndAreListedWithLocations() throws IOException {
        Path f = write("vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n    priority 300\n}\n");
        assertEquals(ConfigTool.CANNOT_RUN, run("check", f.toString()));
        assertTrue(err().contains(f + ":4:5: vrrp_instance VI_1: priority 300 out of range 1-255"), err());
        assertFalse(err().contains("\tat "), "no stack trace");
    }

    @Test
    void warningsOnlyWouldRun() throws IOException {
        Path f = write("global_defs {\n    lvs_flush_onstop\n}\n");
        assertEquals(ConfigTool.WOULD_RUN_WITH_ERRORS, run("check", f.toString()));
        assertTrue(err().contains("lvs_flush_onstop is deprecated, use lvs_flush_on_stop"), err());
    }

    @Test
    void keywordsWithNoEffectAreShownButExitZero() throws IOException {
        Path f = write("global_defs {\n    enable_dbus\n}\nvirtual_server 192.0.2.1 80 {\n    protocol TCP\n"
                + "    lb_algo rr\n    lb_kind NAT\n}\n");
        assertEquals(ConfigTool.OK, run("check", f.toString()), "keepalived 2.2.7 takes all of these without a word");
        assertEquals(
                f
                        + ":2:5: warning: enable_dbus has no effect in keepalived-j (D-Bus not supported, use JMX or Jolokia)\n",
                err().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aNoEffectKeywordBesideARealComplaintStillExitsFour() throws IOException {
        Path f = write("global_defs {\n    enable_dbus\n    frobnicate\n}\n");
        assertEquals(ConfigTool.WOULD_RUN_WITH_ERRORS, run("check", f.toString()));
        assertTrue(err().contains("unknown keyword frobnicate"), err());
    }

    @Test
    void aBadNamespaceNameCannotRun() throws IOException {
        Path f = write("net_namespace a/b\n");
        assertEquals(ConfigTool.CANNOT_RUN, run("check", f.toString()));
        assertTrue(err().contains(f + ":1:15: net_namespace a/b: not a namespace name"), err());
    }

    @Test
    void configIdSelectsConditionalLines() throws IOException {
        Path f = write("@a vrrp_instance VI_1 {\n@a     interface eth0\n@a }\n");
        assertEquals(ConfigTool.OK, run("check", f.toString(), "-i", "b"));
        assertEquals(ConfigTool.CANNOT_RUN, run("check", f.toString(), "-i", "a"), "VI_1 lacks virtual_router_id");
    }

    @Test
    void dumpPrintsTheCanonicalForm() throws IOException {
        Path f = write("vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 1\n  virtual_ipaddress {\n"
                + "    192.0.2.1/24\n  }\n}\n");
        assertEquals(ConfigTool.OK, run("dump", f.toString()));
        String dump = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                dump.contains("vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 1\n"),
                dump);
    }

    @Test
    void badUsage() {
        assertEquals(ConfigTool.USAGE, run("frob"));
        assertTrue(err().startsWith("usage:"));
    }

    @Test
    void unterminatedQuoteIsAnErrorNotACrash() throws IOException {
        Path f = write("global_defs {\n    router_id \"oops\n}\n");
        assertEquals(ConfigTool.CANNOT_RUN, run("check", f.toString()));
        assertTrue(err().contains("unterminated"), err());
    }
}
