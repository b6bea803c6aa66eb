package org.keepalivedj.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * bin/keepalived as an operator runs it: keepalived's -t exit codes, and several instances from one
 * unpacked distribution, each in its own network namespace with its own data directory, stopped by
 * SIGTERM and reloaded by SIGHUP.
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

    @TempDir
    Path tmp;

    @Test
    void configTestExitsZeroForAGoodConfig() throws Exception {
        Path conf = write("good.conf", GOOD.formatted("n1"));
        Distribution.Result r = Distribution.run("-t", "-f", conf.toString());
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void configTestExitsThreeWhenTheFileCannotBeRead() throws Exception {
        Distribution.Result r = Distribution.run("-t", "-f", tmp.resolve("missing.conf").toString());
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("missing.conf"), r.output());
    }

    @Test
    void configTestExitsThreeWhenErrorsStopTheDaemonFromRunningIt() throws Exception {
        Path conf = write("bad.conf", GOOD.formatted("n1").replace("priority 100", "priority 300"));
        Distribution.Result r = Distribution.run("--config-test=" + conf);
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains("bad.conf:8:"), r.output());
        assertTrue(r.output().contains("priority 300"), r.output());
        assertFalse(r.output().contains("Exception"), "no stack trace: " + r.output());
    }

    @Test
    void configTestExitsFourForWhatItWouldRunWithComplaints() throws Exception {
        Path conf = write("unknown.conf", GOOD.formatted("n1").replace("priority 100", "priority 100\n    no_such_keyword 1"));
        Distribution.Result r = Distribution.run("-t", "-f", conf.toString());
        assertEquals(4, r.exitCode(), r.output());
        assertTrue(r.output().contains("unknown.conf:9:"), r.output());
        assertTrue(r.output().contains("no_such_keyword"), r.output());
    }

    @Test
    void dumpPrintsTheResolvedConfigInCanonicalForm() throws Exception {
        Path conf = write("dump.conf", "$VIP=127.0.0.77/32\n" + GOOD.formatted("n1").replace("127.0.0.100/32", "$VIP"));
        Distribution.Result r = Distribution.run("-t", "-d", "-f", conf.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("vrrp_instance VI_1"), r.output());
        assertTrue(r.output().contains("127.0.0.77/32"), "parameter resolved: " + r.output());
    }

    @Test
    @RequiresRoot
    void twoInstancesRunSideBySideInTwoNamespaces() throws Exception {
        try (NetLab lab = NetLab.create()) {
            Netns a = lab.namespace("a");
            Netns b = lab.namespace("b");
            Path confA = write("a.conf", GOOD.formatted("node_a"));
            Path confB = write("b.conf", GOOD.formatted("node_b"));
            Path dataA = tmp.resolve("data-a");
            Path dataB = tmp.resolve("data-b");
            String launcher = Distribution.launcher().toString();
            a.start(launcher, "-n", "-f", confA.toString(), "-i", "id_a", "--data", dataA.toString());
            b.start(launcher, "-n", "-f", confB.toString(), "-i", "id_b", "--data", dataB.toString());

            // Both answer on the same port, each in its own namespace, each with its own config.
            String daemonA = awaitDaemon(a);
            String daemonB = awaitDaemon(b);
            assertEquals("id_a", attribute(daemonA, "ConfigId"));
            assertEquals("id_b", attribute(daemonB, "ConfigId"));
            assertEquals(confA.toString(), attribute(daemonA, "ConfigFile"));
            assertEquals(confB.toString(), attribute(daemonB, "ConfigFile"));
            assertTrue(Files.exists(dataA.resolve("log/keepalived.log")));
            assertTrue(Files.exists(dataB.resolve("log/keepalived.log")));

            // SIGHUP reloads instance a only.
            long pidA = Long.parseLong(Files.readString(dataA.resolve("keepalived.pid")).trim());
            long pidB = Long.parseLong(Files.readString(dataB.resolve("keepalived.pid")).trim());
            String loadedA = attribute(daemonA, "LastLoadTime");
            String loadedB = attribute(daemonB, "LastLoadTime");
            signal("HUP", pidA);
            Awaits.until("instance a reloaded", () -> !loadedA.equals(attribute(readDaemon(a), "LastLoadTime")));
            assertEquals(loadedB, attribute(readDaemon(b), "LastLoadTime"));

            // SIGTERM stops each cleanly and removes its pid file.
            signal("TERM", pidA);
            signal("TERM", pidB);
            Awaits.until("both stopped", 60_000, () -> !ProcessHandle.of(pidA).map(ProcessHandle::isAlive).orElse(false)
                    && !ProcessHandle.of(pidB).map(ProcessHandle::isAlive).orElse(false));
            assertFalse(Files.exists(dataA.resolve("keepalived.pid")), "pid file of a removed");
            assertFalse(Files.exists(dataB.resolve("keepalived.pid")), "pid file of b removed");
            assertNotEquals(pidA, pidB);
        }
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    /** Waits until Jolokia inside the namespace serves the Daemon MBean; returns its JSON. */
    private static String awaitDaemon(Netns ns) throws Exception {
        String[] body = new String[1];
        Awaits.until("Jolokia in " + ns.name(), 90_000, () -> {
            body[0] = readDaemon(ns);
            return body[0] != null && body[0].contains("\"status\":200");
        });
        return body[0];
    }

    private static String readDaemon(Netns ns) throws Exception {
        // Runs on the namespace's own thread: the socket belongs to that namespace's loopback.
        return ns.call(() -> {
            try {
                HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:8181/jolokia/read/keepalived:type=Daemon").openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(5000);
                // The JDK pools keep-alive connections by host and port, not by namespace: never reuse.
                c.setRequestProperty("Connection", "close");
                c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes(StandardCharsets.UTF_8)));
                if (c.getResponseCode() != 200) {
                    return null;
                }
                try (var in = c.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                return null;
            }
        });
    }

    private static String attribute(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1).replace("\\/", "/");
    }
}
