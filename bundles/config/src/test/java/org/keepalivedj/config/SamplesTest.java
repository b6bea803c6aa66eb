package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.model.KeepalivedConfig;

/**
 * Every keepalived sample and every config of ours loads with no error, and its dump loads back
 * to an equal model (and dumping that gives the same text).
 */
class SamplesTest {

    @TestFactory
    Stream<DynamicTest> keepalivedSamplesLoadAndRoundTrip() {
        assumeTrue(
                Files.isDirectory(Samples.KEEPALIVED_SAMPLES),
                "no keepalived samples at " + Samples.KEEPALIVED_SAMPLES);
        List<Path> files = Samples.files(Samples.KEEPALIVED_SAMPLES);
        assertFalse(files.isEmpty());
        return files.stream()
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                    roundTrip(f);
                }));
    }

    @TestFactory
    Stream<DynamicTest> ownConfigsLoadAndRoundTrip() {
        List<Path> files = Samples.files(Samples.OWN).stream()
                .filter(f -> f.toString().endsWith(".conf"))
                .toList();
        assertFalse(files.isEmpty(), "no configs in " + Samples.OWN);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> roundTrip(f)));
    }

    /**
     * {@code keepalived -t}'s verdict on each sample (Debian's keepalived 2.2.7, run in a network
     * namespace that has the interfaces the samples name: eth0-eth3 and eth0.1) and ConfigTool's exit
     * code; both use keepalived's codes: 0 fine, 4 cannot run, 5 errors but would run, 6 scripts that
     * would run as root without script security. Where keepalived says 0, we must too.
     * Known differences where keepalived complains and we do not: track_interface, vrrp.routes and
     * vrrp.static_ipaddress (keepalived warns about routes it cannot track without an interface, and
     * about the deprecated "or" and "gw" in routes).
     */
    static final Map<String, List<Integer>> VERDICTS = Map.ofEntries(
            Map.entry("docker_keepalived.conf", List.of(0, 0)),
            Map.entry("keepalived.conf.HTTP_GET.port", List.of(0, 0)),
            Map.entry("keepalived.conf.IPv6", List.of(0, 0)),
            Map.entry("keepalived.conf.PING_CHECK", List.of(0, 0)),
            Map.entry("keepalived.conf.SMTP_CHECK", List.of(0, 0)),
            Map.entry("keepalived.conf.SSL_GET", List.of(5, 5)),
            Map.entry("keepalived.conf.UDP_CHECK", List.of(0, 0)),
            Map.entry("keepalived.conf.conditional_conf", List.of(5, 5)),
            Map.entry("keepalived.conf.fwmark", List.of(5, 5)),
            Map.entry("keepalived.conf.inhibit", List.of(0, 0)),
            Map.entry("keepalived.conf.misc_check", List.of(0, 0)),
            Map.entry("keepalived.conf.misc_check_arg", List.of(0, 0)),
            Map.entry("keepalived.conf.quorum", List.of(0, 0)),
            Map.entry("keepalived.conf.sample", List.of(0, 0)),
            Map.entry("keepalived.conf.status_code", List.of(0, 0)),
            Map.entry("keepalived.conf.track_interface", List.of(5, 0)),
            Map.entry("keepalived.conf.virtual_server_group", List.of(0, 0)),
            Map.entry("keepalived.conf.virtualhost", List.of(0, 0)),
            Map.entry("keepalived.conf.vrrp", List.of(0, 0)),
            Map.entry("keepalived.conf.vrrp.localcheck", List.of(6, 6)),
            Map.entry("keepalived.conf.vrrp.lvs_syncd", List.of(5, 5)),
            Map.entry("keepalived.conf.vrrp.routes", List.of(5, 0)),
            Map.entry("keepalived.conf.vrrp.rules", List.of(5, 5)),
            Map.entry("keepalived.conf.vrrp.scripts", List.of(0, 0)),
            Map.entry("keepalived.conf.vrrp.static_ipaddress", List.of(5, 0)),
            Map.entry("keepalived.conf.vrrp.sync", List.of(0, 0)),
            Map.entry("keepalived_etc_keepalived_keepalived.conf", List.of(5, 5)));

    private static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");
    /** The interfaces of the namespace the verdicts were taken in: ours are checked as on that host. */
    private static final java.util.Set<String> LAB_LINKS =
            java.util.Set.of("lo", "eth0", "eth1", "eth2", "eth3", "eth0.1");

    @TestFactory
    Stream<DynamicTest> keepalivedSamplesGetTheRecordedVerdict() {
        assumeTrue(
                Files.isDirectory(Samples.KEEPALIVED_SAMPLES),
                "no keepalived samples at " + Samples.KEEPALIVED_SAMPLES);
        return Samples.files(Samples.KEEPALIVED_SAMPLES).stream()
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                    List<Integer> verdict = VERDICTS.get(f.getFileName().toString());
                    assertNotNull(
                            verdict,
                            f + ": no recorded verdict; run keepalived -t on it and record it in SamplesTest.VERDICTS");
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    int ours = new ConfigTool(
                                    new PrintStream(OutputStream.nullOutputStream()),
                                    new PrintStream(err, true, StandardCharsets.UTF_8),
                                    LAB_LINKS::contains,
                                    HostUsers.SYSTEM)
                            .run("check", f.toString());
                    assertEquals(
                            verdict.get(1),
                            ours,
                            () -> f + ": ConfigTool's exit code\n" + err.toString(StandardCharsets.UTF_8));
                    if (verdict.get(0) == 0) {
                        assertEquals(ConfigTool.OK, ours, f + ": keepalived 2.2.7 accepts it without a word");
                    }
                }));
    }

    /** Where keepalived is installed, what it accepts here without a word we accept too (it also needs the interfaces to exist). */
    @TestFactory
    Stream<DynamicTest> whatKeepalivedAcceptsHereWeAccept(@TempDir Path tmp) {
        assumeTrue(
                Files.isDirectory(Samples.KEEPALIVED_SAMPLES),
                "no keepalived samples at " + Samples.KEEPALIVED_SAMPLES);
        assumeTrue(Files.isExecutable(KEEPALIVED), "no " + KEEPALIVED);
        return Samples.files(Samples.KEEPALIVED_SAMPLES).stream()
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                    int theirs = keepalivedCheck(f, tmp);
                    List<Integer> verdict = VERDICTS.get(f.getFileName().toString());
                    if (theirs == 0) {
                        assertNotNull(verdict, f + ": no recorded verdict");
                        assertEquals(
                                0, verdict.get(1), f + ": keepalived -t exits 0 on this machine, ConfigTool must too");
                    }
                }));
    }

    private static int keepalivedCheck(Path file, Path tmp) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        KEEPALIVED.toString(),
                        "-n",
                        "-l",
                        "-t",
                        "-f",
                        file.toAbsolutePath().toString(),
                        "-p",
                        tmp.resolve("k.pid").toString(),
                        "-r",
                        tmp.resolve("v.pid").toString(),
                        "-c",
                        tmp.resolve("c.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("keepalived -t did not finish on " + file);
        }
        return p.exitValue();
    }

    static KeepalivedConfig roundTrip(Path file) throws ConfigException {
        KeepalivedConfig first = Samples.load(file).config();
        String dump = ConfigDump.dump(first);
        KeepalivedConfig again;
        try {
            again = Samples.loader()
                    .load(dump, "dump-of-" + file.getFileName(), file.getParent())
                    .config();
        } catch (ConfigException e) {
            throw new AssertionError("dump of " + file + " does not load:\n" + e.getMessage() + "\n" + dump, e);
        }
        assertEquals(first, again, () -> "dump of " + file + " loads to a different model:\n" + dump);
        assertEquals(dump, ConfigDump.dump(again), "dumping twice differs");
        return first;
    }
}
