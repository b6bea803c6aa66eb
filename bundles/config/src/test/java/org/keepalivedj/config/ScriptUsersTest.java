package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.syntax.ConfigReader;

/**
 * Who runs the scripts, as keepalived decides it at load: users that must exist, the keepalived_script
 * default, and the script-security verdict (keepalived's -t exit 6), checked against hosts given here.
 */
class ScriptUsersTest {
    /** A host with the usual system users and no keepalived_script. */
    private static final HostUsers PLAIN =
            (user, group) -> Set.of("root", "daemon", "nobody").contains(user)
                    && (group == null || Set.of("root", "daemon", "nogroup").contains(group));
    /** The same host after "useradd keepalived_script". */
    private static final HostUsers WITH_SCRIPT_USER = (user, group) -> user.equals("keepalived_script")
            ? group == null || group.equals("keepalived_script")
            : PLAIN.exists(user, group);

    private static final String INSTANCE = """
            vrrp_instance VI_1 {
                interface lo
                virtual_router_id 1
                %s
                virtual_ipaddress {
                    192.0.2.1/32
                }
            }
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(HostUsers users, String text) throws IOException {
        Path f = Files.writeString(dir.resolve("keepalived.conf"), text);
        err.reset();
        return new ConfigTool(
                        new PrintStream(OutputStream.nullOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        name -> true,
                        users)
                .run("check", f.toString());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private KeepalivedConfig load(HostUsers users, String text) throws Exception {
        return new KeepalivedConfigLoader(
                        ConfigReader.Options.defaults(), BuiltinCheckers.registry(), name -> true, users)
                .load(text, "t.conf", dir)
                .config();
    }

    @Test
    void aScriptRunAsRootWithoutScriptSecurityIsKeepalivedsExit6() throws IOException {
        assertEquals(ConfigTool.SCRIPT_SECURITY, check(PLAIN, INSTANCE.formatted("notify_master /bin/true")));
        assertTrue(
                err().contains("keepalived.conf:4:5: warning: notify_master /bin/true would run as root and"
                        + " enable_script_security is not set"),
                err());
    }

    @Test
    void scriptSecurityOrAnotherUserMakesItFine() throws IOException {
        assertEquals(
                ConfigTool.OK,
                check(
                        PLAIN,
                        "global_defs {\n    enable_script_security\n}\n"
                                + INSTANCE.formatted("notify_master /bin/true")),
                err());
        assertEquals(
                ConfigTool.OK,
                check(
                        PLAIN,
                        "global_defs {\n    script_user daemon\n}\n" + INSTANCE.formatted("notify_master /bin/true")),
                err());
        assertEquals(
                ConfigTool.OK, check(PLAIN, """
                vrrp_script chk {
                    script /bin/true
                    user nobody
                }
                """ + INSTANCE.formatted("track_script {\n        chk\n    }")), err());
        assertEquals(
                ConfigTool.SCRIPT_SECURITY,
                check(
                        PLAIN,
                        "global_defs {\n    enable_script_security false\n}\n"
                                + INSTANCE.formatted("notify_master /bin/true")),
                "the flag's value is read");
    }

    @Test
    void aScriptThisHostLacksDoesNotCount() throws IOException {
        assertEquals(
                ConfigTool.OK,
                check(PLAIN, INSTANCE.formatted("notify_master /nonexistent/keepalivedj-notify")),
                err());
    }

    @Test
    void keepalivedScriptIsTheDefaultUserWhereItExists() throws Exception {
        String text = INSTANCE.formatted("notify_master /bin/true");
        assertEquals(
                "keepalived_script", load(WITH_SCRIPT_USER, text).globalDefs().scriptUser());
        assertNull(load(PLAIN, text).globalDefs().scriptUser(), "no keepalived_script: root");
        assertEquals(ConfigTool.OK, check(WITH_SCRIPT_USER, text), err());
        assertEquals(
                "daemon",
                load(WITH_SCRIPT_USER, "global_defs {\n    script_user daemon\n}\n" + text)
                        .globalDefs()
                        .scriptUser(),
                "script_user wins over the default");
    }

    @Test
    void aUserThisHostLacksIsAnErrorOnItsLine() throws IOException {
        assertEquals(
                ConfigTool.CANNOT_RUN,
                check(PLAIN, "global_defs {\n    script_user nosuchuser\n}\n" + INSTANCE.formatted("")));
        assertTrue(
                err().contains("keepalived.conf:2:5: global_defs: script_user nosuchuser: no such user or group"),
                err());

        assertEquals(
                ConfigTool.CANNOT_RUN,
                check(PLAIN, "global_defs {\n    script_user daemon nosuchgroup\n}\n" + INSTANCE.formatted("")));
        assertTrue(err().contains(":2:5: global_defs: script_user daemon nosuchgroup: no such user or group"), err());

        assertEquals(ConfigTool.CANNOT_RUN, check(PLAIN, """
                global_defs {
                    vrrp_notify_fifo /run/keepalivedj-test.fifo
                    vrrp_notify_fifo_script /bin/cat nosuchuser
                }
                """ + INSTANCE.formatted("")));
        assertTrue(err().contains(":3:5: global_defs: vrrp_notify_fifo_script nosuchuser: no such user"), err());

        assertEquals(ConfigTool.CANNOT_RUN, check(PLAIN, """
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    real_server 192.0.2.20 80 {
                        MISC_CHECK {
                            misc_path /bin/true
                            user nosuchuser
                        }
                    }
                }
                """));
        assertTrue(err().contains(":6:13: MISC_CHECK: user nosuchuser: no such user"), err());
    }

    @Test
    void exitCodesRankAsKeepalivedsCannotRunThenSecurityThenComplaints() throws IOException {
        String script = INSTANCE.formatted("notify_master /bin/true");
        assertEquals(ConfigTool.SCRIPT_SECURITY, check(PLAIN, "no_such_keyword\n" + script), "6 outranks 5");
        assertTrue(err().contains("no_such_keyword"), err());
        assertEquals(
                ConfigTool.CANNOT_RUN, check(PLAIN, script.replace("virtual_router_id 1", "virtual_router_id 300")));
        assertFalse(err().isEmpty());
    }

    @Test
    void aDefaultQuorumAboveTheTotalWeightIsLoweredWithAWarning() throws Exception {
        String text = """
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    real_server 192.0.2.20 80 {
                        weight 0
                    }
                }
                """;
        assertEquals(ConfigTool.WOULD_RUN_WITH_ERRORS, check(PLAIN, text));
        assertTrue(
                err().contains("keepalived.conf:1:1: warning: virtual_server 192.0.2.10 80: quorum 1 is more than the"
                        + " total weight 0 of the real servers, lowered to 0"),
                err());
        assertEquals(
                0, load(PLAIN, text).virtualServers().values().iterator().next().quorum());
        assertEquals(
                ConfigTool.CANNOT_RUN,
                check(PLAIN, text.replace("protocol TCP", "protocol TCP\n    quorum 2")),
                "a quorum the operator wrote is not changed behind their back");
    }
}
