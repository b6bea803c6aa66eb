package org.keepalivedj.core.internal.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.testsupport.dumps.KeepalivedDumps;
import org.keepalivedj.testsupport.dumps.MiniJson;
import org.keepalivedj.testsupport.views.Views;

/**
 * The dumps of two instances (one MASTER, one BACKUP) written on real signals sent to this JVM, read
 * back by the reader written against keepalived's files; STATS_CLEAR zeroes the dumps' counters.
 */
class StateDumpServiceTest {

    @TempDir
    Path dir;

    private final Views.Instance master = new Views.Instance("VI_1");
    private final Views.Instance backup = new Views.Instance("VI_2");
    private StateDumpService service;

    private StateDumpService service() throws Exception {
        master.state = InstanceState.MASTER;
        master.base = 150;
        master.effective = 150;
        master.vips.add("192.0.2.100/24 dev eth0");
        master.counters.putAll(Map.of("masterTransitions", 1L, "advertisementsSent", 42L, "authFailures", 2L));
        backup.vips.add("192.0.2.101/24 dev eth0");
        backup.counters.putAll(Map.of("advertisementsReceived", 40L, "masterReleases", 1L));
        service = new StateDumpService(new Views.Vrrp(List.of(master, backup)), new Views.Lvs(List.of()));
        service.apply(config());
        return service;
    }

    private KeepalivedConfig config() throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, """
                global_defs {
                    router_id dumps1
                    state_dump_file %s/k.data
                    stats_dump_file %s/k.stats
                    json_dump_file %s/k.json
                }
                """.formatted(dir, dir, dir));
        return KeepalivedConfigLoader.withBuiltinCheckers().load(conf).config();
    }

    @AfterEach
    void deactivate() {
        if (service != null) {
            service.deactivate();
        }
    }

    @Test
    void dataStatsAndJsonReadLikeKeepalivedsFiles() throws Exception {
        StateDumpService s = service();

        Map<String, KeepalivedDumps.DataInstance> data = KeepalivedDumps.data(s.data());
        assertEquals("MASTER", data.get("VI_1").state());
        assertEquals("BACKUP", data.get("VI_2").state());
        assertEquals(150, data.get("VI_1").field("Effective priority"));
        assertEquals(51, data.get("VI_2").field("Virtual Router ID"));
        assertEquals(List.of("192.0.2.100/24 dev eth0 set"), data.get("VI_1").vips());
        assertEquals(List.of("192.0.2.101/24 dev eth0"), data.get("VI_2").vips());
        assertTrue(s.data().contains(" Router ID = dumps1\n"), s.data());

        Map<String, Map<String, Long>> stats = KeepalivedDumps.stats(s.stats());
        assertEquals(42L, stats.get("VI_1").get("Advertisements/Sent"));
        assertEquals(1L, stats.get("VI_1").get("Became master"));
        assertEquals(2L, stats.get("VI_1").get("Authentication Errors/Failure"));
        assertEquals(40L, stats.get("VI_2").get("Advertisements/Received"));
        assertEquals(1L, stats.get("VI_2").get("Released master"));

        Map<?, ?> full = (Map<?, ?>) MiniJson.parse(s.json());
        assertEquals("nft", full.get("data_plane"));
        String vrrpArray = s.json().substring("{\"vrrp\":".length(), s.json().indexOf(",\"virtual_servers\""));
        Map<String, KeepalivedDumps.JsonInstance> json = KeepalivedDumps.json(vrrpArray);
        assertEquals(2, json.get("VI_1").state());
        assertEquals(1, json.get("VI_2").state());
        assertEquals(42L, json.get("VI_1").stat("advert_sent"));
        assertEquals(List.of("192.0.2.100/24 dev eth0"), json.get("VI_1").vips());
    }

    @Test
    void signalsWriteTheConfiguredFilesAndStatsClearZeroesTheCounters() throws Exception {
        StateDumpService s = service();
        s.activate();
        assumeTrue(
                s.handledSignals()
                        .containsAll(List.of(10, StateDumpService.JSON_SIGNAL, StateDumpService.STATS_CLEAR_SIGNAL)),
                "this JVM lets us handle SIGUSR1 and the real-time signals: " + s.handledSignals());
        assertEquals(DumpFiles.from(config().globalDefs().settings()), s.files());

        Map<String, KeepalivedDumps.DataInstance> data =
                afterSignal("USR1", dir.resolve("k.data"), KeepalivedDumps::data);
        assertEquals("MASTER", data.get("VI_1").state());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.data"))));

        Map<String, KeepalivedDumps.JsonInstance> json = afterSignal(
                Integer.toString(StateDumpService.JSON_SIGNAL), dir.resolve("k.json"), KeepalivedDumps::json);
        assertEquals(2, json.get("VI_1").state());
        assertEquals(1L, json.get("VI_1").stat("become_master"));

        // STATS_CLEAR: the stats as they were, then zero; counting goes on from there.
        Map<String, Map<String, Long>> before = afterSignal(
                Integer.toString(StateDumpService.STATS_CLEAR_SIGNAL), dir.resolve("k.stats"), KeepalivedDumps::stats);
        assertEquals(42L, before.get("VI_1").get("Advertisements/Sent"));
        awaitTrue(() -> KeepalivedDumps.stats(s.stats()).get("VI_1").get("Advertisements/Sent") == 0L);
        master.counters.put("advertisementsSent", 45L);
        Map<String, Map<String, Long>> after = KeepalivedDumps.stats(s.stats());
        assertEquals(3L, after.get("VI_1").get("Advertisements/Sent"));
        assertEquals(0L, after.get("VI_1").get("Became master"));
        assertEquals(0L, KeepalivedDumps.json(vrrpArray(s.json())).get("VI_2").stat("advert_rcvd"));
        // the engines' own counters (the metrics) are untouched
        assertEquals(45L, master.counters().get("advertisementsSent"));
    }

    @Test
    void usr2IsLeftToTheJvmUnlessTheLauncherMovedItsSuspendSignal() {
        assertFalse(StateDumpService.srSignalMoved(null));
        assertFalse(StateDumpService.srSignalMoved("12"));
        assertTrue(StateDumpService.srSignalMoved("50"));
    }

    @Test
    void aReloadCounterResetIsNotANegativeCount() throws Exception {
        StateDumpService s = service();
        s.clearStats();
        master.counters.put("advertisementsSent", 5L); // the instance was restarted by a reload
        assertEquals(5L, KeepalivedDumps.stats(s.stats()).get("VI_1").get("Advertisements/Sent"));
    }

    private static String vrrpArray(String full) {
        return full.substring("{\"vrrp\":".length(), full.indexOf(",\"virtual_servers\""));
    }

    private static <T> T afterSignal(String signal, Path file, Function<String, T> parse) throws Exception {
        Files.deleteIfExists(file);
        Process kill = new ProcessBuilder(
                        "kill",
                        "-" + signal,
                        Long.toString(ProcessHandle.current().pid()))
                .inheritIO()
                .start();
        assertEquals(0, kill.waitFor());
        awaitTrue(() -> Files.exists(file));
        return parse.apply(Files.readString(file));
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!check.ok()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }
}
