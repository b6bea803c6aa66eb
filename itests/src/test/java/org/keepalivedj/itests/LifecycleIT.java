package org.keepalivedj.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.RequiresRoot;
import org.keepalivedj.testsupport.dumps.KeepalivedDumps;

/**
 * The daemon's lifecycle as an operator sees it, on one launched distribution: the startup script
 * ran, keepalived's data, stats and JSON dump files appear on SIGUSR1, SIGUSR2 and the JSON signal
 * (read by the reader written against keepalived's own files), STATS_CLEAR zeroes the counters, and
 * the shutdown script runs at stop.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleIT {

    private static final String CONF = """
            global_defs {
                router_id lifecycle1
                startup_script "/bin/sh -c 'echo up > %1$s/started'"
                startup_script_timeout 20
                shutdown_script "/bin/sh -c 'echo down > %1$s/stopped'"
                state_dump_file %1$s/k.data
                stats_dump_file %1$s/k.stats
                json_dump_file %1$s/k.json
            }
            vrrp_instance VI_1 {
                state MASTER
                interface lo
                virtual_router_id 51
                priority 150
                advert_int 1
                virtual_ipaddress {
                    127.0.0.100/32
                }
            }
            vrrp_instance VI_2 {
                state BACKUP
                interface lo
                virtual_router_id 52
                priority 100
                advert_int 60
                virtual_ipaddress {
                    127.0.0.101/32
                }
            }
            """;

    private Path tmp;
    private NetLab lab;
    private LaunchedNode node;
    private Path out;
    /** The last dump file read, for the failure message. */
    private volatile String lastRead;

    @BeforeAll
    void launch(@TempDir Path dir) throws Exception {
        tmp = dir;
        out = Files.createDirectory(tmp.resolve("out"));
        Path conf = tmp.resolve("keepalived.conf");
        Files.writeString(conf, CONF.formatted(out));
        lab = NetLab.create();
        node = LaunchedNode.start(lab.namespace("life"), tmp.resolve("data"), "-f", conf.toString());
    }

    @AfterAll
    void cleanUp() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void theStartupScriptRan() throws Exception {
        // The shell creates the file before it writes to it: wait for the content, not the file.
        Path started = out.resolve("started");
        Awaits.until(
                "startup script wrote its file",
                120_000,
                () -> Files.exists(started) && Files.size(started) >= "up\n".length());
        assertEquals("up\n", Files.readString(started));
        // The dumps answer once core's dump service runs (its signal handlers are installed first):
        // until then the JVM's default for SIGUSR1 and the real-time signals would end it.
        node.awaitMBean("keepalived:type=Daemon", 120_000);
        Awaits.until("the Daemon MBean's dump shows VI_1", 120_000, () -> {
            String dump = node.get("/exec/keepalived:type=Daemon/dump", "viewer:viewer");
            return dump != null && dump.contains("VI_1");
        });
    }

    @Test
    @Order(2)
    void usr1WritesTheDataFile() throws Exception {
        Map<String, KeepalivedDumps.DataInstance> data = afterSignal(
                "USR1",
                out.resolve("k.data"),
                KeepalivedDumps::data,
                d -> d.containsKey("VI_1") && "MASTER".equals(d.get("VI_1").state()));
        assertEquals("BACKUP", data.get("VI_2").state());
        assertEquals(150, data.get("VI_1").field("Effective priority"));
        assertEquals(52, data.get("VI_2").field("Virtual Router ID"));
        assertEquals("lo", data.get("VI_1").fields().get("Interface"));
        assertTrue(
                data.get("VI_1").vips().get(0).startsWith("127.0.0.100/32"),
                data.get("VI_1").vips().toString());
    }

    @Test
    @Order(3)
    void usr2WritesTheStatsFile() throws Exception {
        Map<String, Map<String, Long>> stats = afterSignal(
                "USR2",
                out.resolve("k.stats"),
                KeepalivedDumps::stats,
                s -> s.containsKey("VI_1") && s.get("VI_1").get("Advertisements/Sent") >= 1);
        assertEquals(1L, stats.get("VI_1").get("Became master"));
        assertEquals(0L, stats.get("VI_2").get("Became master"));
        assertEquals(0L, stats.get("VI_1").get("Packet Errors/TTL"));
    }

    @Test
    @Order(4)
    void theJsonSignalWritesTheJsonFileAndTheMBeanDumpAgrees() throws Exception {
        Distribution.Result signum = Distribution.run("--signum=JSON");
        assertEquals(0, signum.exitCode(), signum.output());
        Map<String, KeepalivedDumps.JsonInstance> json = afterSignal(
                signum.output().trim(),
                out.resolve("k.json"),
                KeepalivedDumps::json,
                j -> j.containsKey("VI_2") && j.get("VI_1").state() == 2);
        assertEquals(1, json.get("VI_2").state());
        assertEquals(1L, json.get("VI_1").stat("become_master"));
        assertEquals(
                List.of("127.0.0.101/32"),
                json.get("VI_2").vips().stream().map(v -> v.split(" ")[0]).toList());

        String dump = node.get("/exec/keepalived:type=Daemon/dump", "viewer:viewer");
        assertTrue(dump.contains("\\\"iname\\\":\\\"VI_2\\\"") && dump.contains("\\\"state\\\":1"), dump);
    }

    @Test
    @Order(5)
    void statsClearWritesTheStatsThenZeroesThem() throws Exception {
        Distribution.Result signum = Distribution.run("--signum=STATS_CLEAR");
        assertEquals(0, signum.exitCode(), signum.output());
        Map<String, Map<String, Long>> before = afterSignal(
                signum.output().trim(), out.resolve("k.stats"), KeepalivedDumps::stats, s -> s.containsKey("VI_1"));
        assertEquals(1L, before.get("VI_1").get("Became master"));
        Map<String, Map<String, Long>> after = afterSignal(
                "USR2",
                out.resolve("k.stats"),
                KeepalivedDumps::stats,
                s -> s.containsKey("VI_1") && s.get("VI_1").get("Became master") == 0L);
        assertEquals(0L, after.get("VI_2").get("Became master"));
    }

    @Test
    @Order(6)
    void theShutdownScriptRunsAtStop() throws Exception {
        assertTrue(Files.notExists(out.resolve("stopped")), "not before the stop");
        node.stop();
        assertEquals("down\n", Files.readString(out.resolve("stopped")));
    }

    @Test
    @Order(10)
    void signumAnswersAsKeepalivedDoes() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/keepalived")), "compares with Debian's keepalived");
        for (String name :
                List.of("RELOAD", "DATA", "STATS", "STOP", "JSON", "STATS_CLEAR", "HUP", "USR1", "USR2", "json")) {
            Run ours = run(List.of(Distribution.launcher().toString(), "--signum=" + name));
            Run theirs = run(List.of("/usr/sbin/keepalived", "--signum=" + name));
            assertEquals(theirs.exitCode(), ours.exitCode(), name + ": " + ours.output());
            assertEquals(theirs.output(), ours.output(), name);
        }
    }

    @Test
    @Order(11)
    void withoutTheNetworkCapabilitiesTheLauncherSaysWhatIsMissing() throws Exception {
        String launcher = Distribution.launcher().toString();
        Path conf = tmp.resolve("keepalived.conf");
        Run neither =
                run(List.of("setpriv", "--bounding-set=-net_admin,-net_raw", launcher, "-n", "-f", conf.toString()));
        assertEquals(77, neither.exitCode(), neither.output());
        assertTrue(neither.output().contains("without CAP_NET_ADMIN and CAP_NET_RAW"), neither.output());

        Run noRaw = run(List.of("setpriv", "--bounding-set=-net_raw", launcher, "-n", "-f", conf.toString()));
        assertEquals(77, noRaw.exitCode(), noRaw.output());
        assertTrue(noRaw.output().contains("without CAP_NET_RAW"), noRaw.output());

        Run notRoot = run(List.of(
                "setpriv",
                "--reuid=nobody",
                "--regid=nogroup",
                "--clear-groups",
                launcher,
                "-n",
                "-f",
                conf.toString()));
        assumeTrue(!notRoot.output().contains("Permission denied"), "the distribution is not readable by nobody here");
        assertEquals(77, notRoot.exitCode(), notRoot.output());
        assertTrue(notRoot.output().contains("must run as root"), notRoot.output());
    }

    private record Run(int exitCode, String output) {}

    private static Run run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    /**
     * Sends the signal until the file is written and satisfies {@code ready} (VRRP may still be
     * settling, and one signal sent while the dump service starts may be missed).
     */
    private <T> T afterSignal(String signal, Path file, Function<String, T> parse, Predicate<T> ready)
            throws Exception {
        assumeTrue(node != null);
        try {
            awaitDump(signal, file, parse, ready);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; last read:\n" + lastRead + "\nthe daemon's log about signals and dumps:\n"
                            + dumpLog(),
                    e);
        }
        return parse.apply(Files.readString(file));
    }

    /** The log lines an operator would read to see why a dump did not come. */
    private String dumpLog() throws Exception {
        Path log = node.data().resolve("log/keepalived.log");
        if (!Files.exists(log)) {
            return "(no " + log + ")";
        }
        return String.join(
                "\n",
                Files.readAllLines(log).stream()
                        .filter(l -> l.contains("dump")
                                || l.contains("Printing")
                                || l.contains("ignal")
                                || l.contains("Subsystem"))
                        .toList());
    }

    private <T> void awaitDump(String signal, Path file, Function<String, T> parse, Predicate<T> ready)
            throws Exception {
        Awaits.until("kill -" + signal + " writes " + file + " as expected", 120_000, () -> {
            Files.deleteIfExists(file);
            node.signal(signal);
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (Files.exists(file)) {
                    lastRead = Files.readString(file);
                    return ready.test(parse.apply(lastRead));
                }
                Thread.sleep(50);
            }
            return false;
        });
    }
}
