package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.model.KeepalivedConfig;

/**
 * A bad value on an address, route or rule line is what keepalived's -t calls "errors but would
 * run": keepalived leaves that line (or, for an unknown word or a bad scope, that word) out and runs
 * the rest. One file per case in src/test/resources/ignored-lines, ending with its exact warnings as
 * {@code # expect-warning: LINE:COL: message}. The file loads; a "(line ignored)" line is missing
 * from the model (the model equals the file's with that line blanked), an "(ignored)" word's line
 * is kept.
 */
class IgnoredLinesTest {
    private static final String EXPECT = "# expect-warning: ";

    @Test
    void thereAreCases() {
        assertTrue(cases().size() >= 10, "only " + cases().size() + " cases");
    }

    @TestFactory
    Stream<DynamicTest> eachFileLoadsWithItsWarningsAndWithoutItsBadLines() {
        return cases().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static List<Path> cases() {
        return Samples.files(Samples.IGNORED_LINES).stream()
                .filter(f -> f.toString().endsWith(".conf"))
                .toList();
    }

    private static void check(Path file) throws IOException, ConfigException {
        String name = file.getFileName().toString();
        String text = Files.readString(file);
        List<String> expected = text.lines()
                .filter(l -> l.startsWith(EXPECT))
                .map(l -> name + ":" + l.substring(EXPECT.length()).replaceFirst("^(\\d+:\\d+: )", "$1warning: "))
                .toList();
        assertFalse(expected.isEmpty(), name + " states no expected warning");
        KeepalivedConfigLoader.Result loaded = Samples.loader().load(text, name, file.getParent());
        List<String> warnings = loaded.warnings().stream()
                .filter(p -> p.severity() == ConfigProblem.Severity.WARNING)
                .map(ConfigProblem::toString)
                .toList();
        assertEquals(expected, warnings);

        for (String warning : expected) {
            int line = Integer.parseInt(warning.split(":")[1]);
            KeepalivedConfig withoutLine = Samples.loader()
                    .load(blank(text, line), name, file.getParent())
                    .config();
            if (warning.endsWith("(line ignored)")) {
                assertEquals(withoutLine, loaded.config(), "line " + line + " left out");
            } else {
                assertNotEquals(withoutLine, loaded.config(), "line " + line + " kept");
            }
        }
    }

    /** The text with one line emptied, so the other lines keep their numbers. */
    private static String blank(String text, int line) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        lines.set(line - 1, "");
        return String.join("\n", lines) + "\n";
    }
}
