package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.model.GarpGroup;

/**
 * garp_group blocks: intervals and interfaces into the model. What keepalived 2.2.7's -t complains
 * about (a negative interval, an interface claimed by a second group, which it ignores) is an error
 * here, named with file and line; an unknown keyword is a warning with its line, as everywhere.
 */
class GarpGroupBindingTest {

    private static KeepalivedConfigLoader.Result load(String text) throws ConfigException {
        return Samples.loader().load(text, "t.conf", Path.of("."));
    }

    @Test
    void intervalsAndInterfacesAreBound() throws Exception {
        var r = load("garp_group {\n  garp_interval 0.3\n  gna_interval 0.000010\n  interfaces {\n    eth1\n"
                + "    eth2 eth3\n  }\n}\ngarp_group {\n  interface eth4\n  gna_interval 1\n}\n");
        List<GarpGroup> groups = r.config().garpGroups();
        assertEquals(2, groups.size());
        assertEquals(Duration.ofMillis(300), groups.get(0).garpInterval());
        assertEquals(Duration.ofNanos(10_000), groups.get(0).gnaInterval());
        assertEquals(List.of("eth1", "eth2", "eth3"), groups.get(0).interfaces());
        assertNull(groups.get(1).garpInterval(), "unset: the group's ARPs are not paced");
        assertEquals(List.of("eth4"), groups.get(1).interfaces());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void anInterfaceInTwoGroupsIsAnErrorAtTheSecondClaim() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> load("garp_group {\n  garp_interval 1\n  interfaces {\n    eth1\n  }\n}\n"
                        + "garp_group {\n  garp_interval 2\n  interface eth1\n}\n"));
        assertTrue(e.getMessage().contains("t.conf:9:"), e::getMessage);
        assertTrue(e.getMessage().contains("interface eth1 is already in the garp_group at t.conf:4"), e::getMessage);
    }

    @Test
    void anUnknownKeywordIsReportedAtItsLineAsEverywhereElse() throws Exception {
        // keepalived 2.2.7 -t: "(t.conf: Line 4) Unknown keyword 'bogus'", exit 5 (would run)
        var r = load("garp_group {\n  garp_interval 1\n  interface eth1\n  bogus 1\n}\n");
        assertEquals(
                List.of("t.conf:4:3: warning: garp_group: unknown keyword bogus"),
                r.warnings().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void badValuesAreErrorsAtTheirLine() {
        String[][] cases = {
            {"garp_group {\n  garp_interval -1\n  interface eth1\n}\n", "t.conf:2:"},
            {"garp_group {\n  gna_interval x\n  interface eth1\n}\n", "t.conf:2:"},
            {"garp_group {\n  garp_interval 1\n}\n", "t.conf:1:"},
        };
        for (String[] c : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e::getMessage);
            assertTrue(e.getMessage().contains("garp_group") || e.getMessage().contains("bogus"), e::getMessage);
        }
    }

    @Test
    void aGroupWithNoIntervalWarnsThatItPacesNothing() throws Exception {
        var r = load("garp_group {\n  interface eth1\n}\n");
        assertEquals(
                List.of("t.conf:1:1: warning: garp_group: neither garp_interval nor gna_interval is set,"
                        + " the group paces nothing"),
                r.warnings().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void theDumpWritesTheGroup() throws Exception {
        String dump =
                ConfigDump.dump(load("garp_group {\n  garp_interval 0.3\n  interfaces {\n    eth1\n    eth2\n  }\n}\n")
                        .config());
        assertTrue(dump.contains("garp_group {"), dump);
        assertTrue(dump.contains("garp_interval 0.3"), dump);
        assertTrue(dump.contains("eth2"), dump);
    }
}
