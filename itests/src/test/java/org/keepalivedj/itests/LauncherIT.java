package org.keepalivedj.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * bin/keepalived as an operator runs it: keepalived's -t exit codes, and several instances from one
 * unpacked distribution, each in its own network namespace with its own data directory, stopped by
 * SIGTERM and reloaded by SIGHUP (also when started under nohup).
 */
class LauncherIT {

    private static final String GOOD = """
            global_defs {
                router_id %s
            }
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

    @TempDir
    Path tmp;

    @Test
    void configTestExitsZeroForAGoodConfig() throws Exception {
        Path conf = write("good.conf", GOOD.formatted("n1"));
        Distribution.Result r = Distribution.run("-t", "-f", conf.toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void configTestExitsFourWhenTheFileCannotBeRead() throws Exception {
        Distribution.Result r =
                Distribution.run("-t", "-f", tmp.resolve("missing.conf").toString());
        assertEquals(4, r.exitCode(), r.output());
        assertTrue(r.output().contains("missing.conf"), r.output());
    }

    @Test
    void configTestExitsFourWhenErrorsStopTheDaemonFromRunningIt() throws Exception {
        Path conf = write("bad.conf", GOOD.formatted("n1").replace("priority 100", "priority 300"));
        Distribution.Result r = Distribution.run("--config-test=" + conf);
        assertEquals(4, r.exitCode(), r.output());
        assertTrue(r.output().contains("bad.conf:8:"), r.output());
        assertTrue(r.output().contains("priority 300"), r.output());
        assertFalse(r.output().contains("Exception"), "no stack trace: " + r.output());
    }

    @Test
    void configTestExitsFiveForWhatItWouldRunWithComplaints() throws Exception {
        Path conf = write(
                "unknown.conf", GOOD.formatted("n1").replace("priority 100", "priority 100\n    no_such_keyword 1"));
        Distribution.Result r = Distribution.run("-t", "-f", conf.toString());
        assertEquals(5, r.exitCode(), r.output());
        assertTrue(r.output().contains("unknown.conf:9:"), r.output());
        assertTrue(r.output().contains("no_such_keyword"), r.output());
    }

    @Test
    void dumpPrintsTheResolvedConfigInCanonicalForm() throws Exception {
        Path conf =
                write("dump.conf", "$VIP=127.0.0.77/32\n" + GOOD.formatted("n1").replace("127.0.0.100/32", "$VIP"));
        Distribution.Result r = Distribution.run("-t", "-d", "-f", conf.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("vrrp_instance VI_1"), r.output());
        assertTrue(r.output().contains("127.0.0.77/32"), "parameter resolved: " + r.output());
    }

    @Test
    @RequiresRoot
    void twoInstancesRunSideBySideInTwoNamespaces() throws Exception {
        java.util.Map<Path, String> etcBefore = cfgFiles();
        try (NetLab lab = NetLab.create()) {
            Path confA = write("a.conf", GOOD.formatted("node_a"));
            Path confB = write("b.conf", GOOD.formatted("node_b"));
            LaunchedNode a =
                    LaunchedNode.start(lab.namespace("a"), tmp.resolve("data-a"), "-f", confA.toString(), "-i", "id_a");
            // b as an operator's `nohup bin/keepalived -n ... &` starts it: SIGHUP ignored by its parent.
            LaunchedNode b = LaunchedNode.startUnderNohup(
                    lab.namespace("b"), tmp.resolve("data-b"), "-f", confB.toString(), "-i", "id_b");

            // Both answer on the same port, each in its own namespace, each with its own config.
            String daemonA = a.awaitMBean(DAEMON, 120_000);
            String daemonB = b.awaitMBean(DAEMON, 120_000);
            assertEquals("id_a", LaunchedNode.attribute(daemonA, "ConfigId"));
            assertEquals("id_b", LaunchedNode.attribute(daemonB, "ConfigId"));
            assertEquals(confA.toString(), LaunchedNode.attribute(daemonA, "ConfigFile"));
            assertEquals(confB.toString(), LaunchedNode.attribute(daemonB, "ConfigFile"));
            assertTrue(Files.exists(a.data().resolve("log/keepalived.log")));
            assertTrue(Files.exists(b.data().resolve("log/keepalived.log")));
            assertNotEquals(a.pid(), b.pid());

            // SIGHUP reloads instance a only.
            String loadedA = LaunchedNode.attribute(daemonA, "LastLoadTime");
            String loadedB = LaunchedNode.attribute(daemonB, "LastLoadTime");
            a.signal("HUP");
            Awaits.until("instance a reloaded", () -> !loadedA.equals(lastLoad(a)));
            assertEquals(loadedB, lastLoad(b));
            // ... and reloads b, though started under nohup (the launcher resets SIGHUP's handling).
            b.signal("HUP");
            Awaits.until("instance b, started under nohup, reloaded", () -> !loadedB.equals(lastLoad(b)));

            // SIGTERM stops each cleanly and removes its pid file.
            a.stop();
            b.stop();
            assertFalse(Files.exists(a.data().resolve("keepalived.pid")), "pid file of a removed");
            assertFalse(Files.exists(b.data().resolve("keepalived.pid")), "pid file of b removed");
        }
        // Several daemons share one etc/: none may write into it (Karaf rewrites cfg files in place,
        // and a daemon killed meanwhile left truncated files that no later start could boot from).
        assertEquals(etcBefore, cfgFiles(), "etc/*.cfg unchanged by running daemons");
    }

    private static java.util.Map<Path, String> cfgFiles() throws IOException {
        java.util.Map<Path, String> files = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> etc = Files.list(Distribution.home().resolve("etc"))) {
            for (Path p : etc.filter(f -> f.toString().endsWith(".cfg")).toList()) {
                files.put(p.getFileName(), Files.readString(p));
            }
        }
        return files;
    }

    private static String lastLoad(LaunchedNode node) throws Exception {
        return LaunchedNode.attribute(node.get("/read/" + DAEMON, "viewer:viewer"), "LastLoadTime");
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
