package org.keepalivedj.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The reload preview from the three places an operator asks for it, against a launched daemon:
 * {@code bin/keepalived --diff=FILE} (text and {@code --json}; exit 0, and 3 when no daemon runs),
 * the Daemon MBean's previewReload through Jolokia as a viewer, and {@code keepalived:reload
 * --dry-run FILE} as a viewer (who may not reload). None of them changes the running config.
 */
class ReloadPreviewIT {
    private static final String CONF = """
            vrrp_instance VI_1 {
                state BACKUP
                interface lo
                virtual_router_id 51
                priority 100
                virtual_ipaddress {
                    127.0.0.100/32
                }
            }
            """;
    private static final String DAEMON = "keepalived:type=Daemon";
    private static final String PLANNED = "change VI_1: priority 100 -> 120";

    @TempDir
    Path tmp;

    @Test
    @RequiresRoot
    void diffConsoleAndMBeanPrintThePlanAndChangeNothing() throws Exception {
        Path data = tmp.resolve("data");
        Distribution.Result none = Distribution.run("--diff", "--data", data.toString());
        assertEquals(3, none.exitCode(), none.output());
        assertTrue(none.output().contains("none runs"), none.output());

        try (NetLab lab = NetLab.create()) {
            Path conf = Files.writeString(tmp.resolve("keepalived.conf"), CONF);
            Path next = Files.writeString(tmp.resolve("next.conf"), CONF.replace("priority 100", "priority 120"));
            LaunchedNode node = LaunchedNode.start(lab.namespace("preview"), data, "-f", conf.toString());
            String daemon = node.awaitMBean(DAEMON, 120_000);
            String loaded = LaunchedNode.attribute(daemon, "LastLoadTime");

            Distribution.Result diff = Distribution.run("--diff=" + next, "--data", data.toString());
            assertEquals(0, diff.exitCode(), diff.output());
            assertTrue(diff.output().startsWith(next + ": OK"), diff.output());
            assertTrue(diff.output().contains("vrrp_instance:\n  " + PLANNED + "\n"), diff.output());
            Distribution.Result json =
                    Distribution.run("--diff", "-f", next.toString(), "--json", "--data", data.toString());
            assertEquals(0, json.exitCode(), json.output());
            assertTrue(
                    json.output()
                            .contains(
                                    "\"object\":\"VI_1\",\"keyword\":\"priority\",\"before\":\"100\",\"after\":\"120\""),
                    json.output());
            // the running config's own file: nothing to do
            Distribution.Result same = Distribution.run("--diff", "--data", data.toString());
            assertTrue(same.output().contains("no changes"), same.output());

            String mbean = node.post(
                    "{\"type\":\"exec\",\"mbean\":\"" + DAEMON + "\",\"operation\":\"previewReload\","
                            + "\"arguments\":[\"" + next + "\"]}",
                    "viewer:viewer");
            assertTrue(mbean != null && mbean.contains(PLANNED), String.valueOf(mbean));

            String console = node.console("viewer", "keepalived:reload --dry-run " + next);
            assertTrue(console.contains(PLANNED), console);
            String refused = node.console("viewer", "keepalived:reload");
            assertFalse(refused.contains("reload: OK"), refused);

            assertEquals(
                    loaded,
                    LaunchedNode.attribute(node.get("/read/" + DAEMON, "viewer:viewer"), "LastLoadTime"),
                    "nothing reloaded");
            node.stop();
        }
    }
}
