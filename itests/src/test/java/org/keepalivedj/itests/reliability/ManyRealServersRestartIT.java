package org.keepalivedj.itests.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.itests.Awaits;
import org.keepalivedj.itests.LaunchedNode;
import org.keepalivedj.testsupport.ConnectOnlyServer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;

/**
 * A restart of the distribution with more checked real servers than 1,024 descriptors: each
 * TCP_CHECK keeps its socket, so the daemon holds over 1,024 descriptors once its checks run, and
 * libnftables (which waits on its netlink socket with select()) gets a socket numbered below 1024
 * only if some were kept before the checks started. On a restart the checker bundles start before
 * the nftables plane is first used; the numbers must have been kept by then, or the daemon runs
 * with no data plane at all.
 */
class ManyRealServersRestartIT {
    private static final int VIRTUAL_SERVERS = 12;
    private static final int REAL_SERVERS_EACH = 100;
    private static final String LAST_REAL_SERVER = "10.20." + (VIRTUAL_SERVERS - 1) + "." + REAL_SERVERS_EACH;

    @TempDir
    Path tmp;

    @Test
    void theNftablesPlaneWorksAfterARestartWithOver1024RealServers() throws Exception {
        try (NetLab lab = NetLab.create()) {
            Netns kj = lab.node("kj", "10.63.0.1/24");
            // every 10.20.x.y is local to the namespace: one listener answers all real servers' checks
            kj.execOrThrow("ip", "route", "add", "local", "10.20.0.0/16", "dev", "lo");
            try (ServerSocket servers = ConnectOnlyServer.start(kj, 80)) {
                Path conf = Files.writeString(tmp.resolve("keepalived.conf"), config());
                Path data = tmp.resolve("data");
                Path log = data.resolve("log/keepalived.log");

                LaunchedNode first = LaunchedNode.start(kj, data, "-f", conf.toString());
                awaitRealServersInNftables(kj, first, "the first start");
                first.stop();

                long logBefore = Files.size(log);
                LaunchedNode restarted = LaunchedNode.start(kj, data, "-f", conf.toString());
                awaitRealServersInNftables(kj, restarted, "the restart");
                assertTrue(
                        openDescriptors(restarted) > 1024,
                        "the daemon holds over 1,024 descriptors: " + openDescriptors(restarted));
                String restartLog = Files.readString(log).substring((int) logBefore);
                assertFalse(restartLog.contains("nftables is not usable"), restartLog);
                restarted.stop();
            }
        }
    }

    private static void awaitRealServersInNftables(Netns ns, LaunchedNode node, String when) throws Exception {
        Awaits.until(
                "every real server in nftables after " + when + " (" + node.logTail(5) + ")",
                180_000,
                () -> ns.exec("nft", "list", "table", "inet", "keepalivedj")
                        .stdout()
                        .contains(LAST_REAL_SERVER));
    }

    private static long openDescriptors(LaunchedNode node) throws IOException {
        try (var fds = Files.list(Path.of("/proc/" + node.pid() + "/fd"))) {
            return fds.count();
        }
    }

    private static String config() {
        StringBuilder c = new StringBuilder();
        for (int v = 0; v < VIRTUAL_SERVERS; v++) {
            c.append("virtual_server 10.21.0.")
                    .append(v + 1)
                    .append(" 80 {\n")
                    .append("    delay_loop 2\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n");
            for (int r = 1; r <= REAL_SERVERS_EACH; r++) {
                c.append("    real_server 10.20.")
                        .append(v)
                        .append('.')
                        .append(r)
                        .append(" 80 {\n")
                        .append("        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n");
            }
            c.append("}\n");
        }
        return c.toString();
    }
}
