package org.keepalivedj.itests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * The distribution's default etc/keepalived.conf on a fresh machine (a fresh network namespace):
 * VI_LOCAL comes up MASTER with its VIP on lo, and an operator manages it through Jolokia and the
 * console while a viewer may only look.
 */
@RequiresRoot
class DefaultConfigIT {

    private static final String INSTANCE = "keepalived:type=VrrpInstance,name=VI_LOCAL";

    @TempDir
    Path tmp;

    @Test
    void defaultConfigComesUpMasterAndIsManagedLive() throws Exception {
        try (NetLab lab = NetLab.create()) {
            Netns fresh = lab.namespace("fresh");
            LaunchedNode node = LaunchedNode.start(fresh, tmp.resolve("data"));

            node.awaitMBean(INSTANCE, 120_000);
            Awaits.until(
                    "VI_LOCAL MASTER",
                    30_000,
                    () -> "MASTER"
                            .equals(LaunchedNode.attribute(node.get("/read/" + INSTANCE, "viewer:viewer"), "State")));
            Awaits.until(
                    "VIP on lo",
                    10_000,
                    () -> node.ip("-j", "addr", "show", "dev", "lo").stdout().contains("\"127.0.0.100\""));

            // A viewer may read but not act.
            String denied = node.get("/exec/" + INSTANCE + "/giveUpMaster", "viewer:viewer");
            assertTrue(denied.contains("\"status\":403"), denied);

            // An operator makes it give up MASTER: it goes BACKUP, then (alone) back to MASTER.
            String done = node.get("/exec/" + INSTANCE + "/giveUpMaster", "operator:operator");
            assertTrue(done.contains("\"status\":200"), done);
            Awaits.until("VI_LOCAL back to MASTER after giving up", 30_000, () -> {
                String json = node.get("/read/" + INSTANCE, "viewer:viewer");
                return "MASTER".equals(LaunchedNode.attribute(json, "State"))
                        && json.contains("\"masterTransitions\":2");
            });

            // The console shows the same state.
            String list = node.console("viewer", "keepalived:vrrp-list");
            assertTrue(list.contains("VI_LOCAL") && list.contains("MASTER") && list.contains("127.0.0.100/32"), list);

            // The default virtual server is in our nftables table (this namespace has no IPVS).
            Awaits.until(
                    "table inet keepalivedj with the default virtual server",
                    30_000,
                    () -> fresh.exec("nft", "list", "table", "inet", "keepalivedj")
                            .stdout()
                            .contains("127.0.0.100"));

            // A clean stop takes the VIP away and removes our table, whatever order OSGi stops the bundles in.
            node.stop();
            assertFalse(
                    node.ip("-j", "addr", "show", "dev", "lo").stdout().contains("\"127.0.0.100\""),
                    "VIP removed at stop");
            var table = fresh.exec("nft", "list", "table", "inet", "keepalivedj");
            assertTrue(
                    table.exitCode() != 0, "table inet keepalivedj removed at stop, still there:\n" + table.stdout());
        }
    }
}
