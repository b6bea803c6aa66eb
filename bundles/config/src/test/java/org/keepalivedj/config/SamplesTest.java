package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.model.KeepalivedConfig;

/**
 * Every keepalived sample and every config of ours loads with no error, and its dump loads back
 * to an equal model (and dumping that gives the same text).
 */
class SamplesTest {

    @TestFactory
    Stream<DynamicTest> keepalivedSamplesLoadAndRoundTrip() {
        assumeTrue(Files.isDirectory(Samples.KEEPALIVED_SAMPLES), "no keepalived samples at " + Samples.KEEPALIVED_SAMPLES);
        List<Path> files = Samples.files(Samples.KEEPALIVED_SAMPLES);
        assertFalse(files.isEmpty());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            List<String> errors = INVALID_SAMPLES.get(f.getFileName().toString());
            if (errors == null) {
                roundTrip(f);
            } else {
                ConfigException e = assertThrows(ConfigException.class, () -> Samples.load(f));
                assertEquals(errors, e.problems().stream().filter(ConfigProblem::isError)
                        .map(p -> p.toString().replace(f.getParent() + "/", "")).toList());
            }
        }));
    }

    /**
     * Samples that keepalived itself finds invalid (keepalived -t reports the same lines and exits
     * non-zero): "192.168.100./24" is no address.
     */
    private static final Map<String, List<String>> INVALID_SAMPLES = Map.of("keepalived.conf.vrrp.rules", List.of(
            "keepalived.conf.vrrp.rules:11:8: static_rules: to 192.168.100./24: invalid IP address 192.168.100.",
            "keepalived.conf.vrrp.rules:26:12: vrrp_instance VI_1: virtual_rules: to 192.168.200./24:"
                    + " invalid IP address 192.168.200."));

    @TestFactory
    Stream<DynamicTest> ownConfigsLoadAndRoundTrip() {
        List<Path> files = Samples.files(Samples.OWN).stream().filter(f -> f.toString().endsWith(".conf")).toList();
        assertFalse(files.isEmpty(), "no configs in " + Samples.OWN);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> roundTrip(f)));
    }

    static KeepalivedConfig roundTrip(Path file) throws ConfigException {
        KeepalivedConfig first = Samples.load(file).config();
        String dump = ConfigDump.dump(first);
        KeepalivedConfig again;
        try {
            again = Samples.loader().load(dump, "dump-of-" + file.getFileName(), file.getParent()).config();
        } catch (ConfigException e) {
            throw new AssertionError("dump of " + file + " does not load:\n" + e.getMessage() + "\n" + dump, e);
        }
        assertEquals(first, again, () -> "dump of " + file + " loads to a different model:\n" + dump);
        assertEquals(dump, ConfigDump.dump(again), "dumping twice differs");
        return first;
    }
}
