package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;

/**
 * One small file per mistake in src/test/resources/broken; each ends with the exact errors it must
 * give, as {@code # expect: LINE:COL: message}. Loading must fail with exactly those errors.
 */
class BrokenConfigsTest {
    private static final String EXPECT = "# expect: ";

    @Test
    void thereAreAtLeastFortyCases() {
        assertTrue(cases().size() >= 40, "only " + cases().size() + " broken configs");
    }

    @TestFactory
    Stream<DynamicTest> eachBrokenConfigGivesItsExactErrors() {
        return cases().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static List<Path> cases() {
        return Samples.files(Samples.BROKEN).stream()
                .filter(f -> f.toString().endsWith(".conf"))
                .toList();
    }

    private static void check(Path file) throws IOException {
        String name = file.getFileName().toString();
        String text = Files.readString(file);
        List<String> expected = text.lines()
                .filter(l -> l.startsWith(EXPECT))
                .map(l -> name + ":" + l.substring(EXPECT.length()))
                .toList();
        assertTrue(!expected.isEmpty(), name + " states no expected error");
        ConfigException e =
                assertThrows(ConfigException.class, () -> Samples.loader().load(text, name, file.getParent()));
        List<String> errors = e.problems().stream()
                .filter(ConfigProblem::isError)
                .map(ConfigProblem::toString)
                .toList();
        assertEquals(expected, errors);
        assertTrue(e.getMessage().contains(expected.get(0)), "the exception message lists the errors");
    }
}
