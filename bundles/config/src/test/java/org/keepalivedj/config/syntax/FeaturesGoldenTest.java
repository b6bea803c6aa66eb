package org.keepalivedj.config.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The project's own configuration that uses every preprocessor feature at once (includes with
 * braces and globs, conditionals, parameters, multi-line definitions, ~SEQ, ~SEQx, ~LST, quotes),
 * read as config id "high", against the expected tree with file, line and column of every word.
 */
class FeaturesGoldenTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(FeaturesGoldenTest.class.getResource("/syntax/" + name).toURI());
    }

    @Test
    void everyFeatureTogetherGivesTheExpectedTree() throws Exception {
        Path dir = resource("features");
        ParsedConfig parsed = Trees.reader("high").read(dir.resolve("keepalived.conf"));
        String expected = Files.readString(resource("features.expected"));
        assertEquals(expected, Trees.locatedWithFiles(parsed.roots(), dir));
        assertEquals(
                "keepalived.conf:23:1: warning: include: no file matches 'optional/*.conf'\n",
                Trees.problems(parsed.warnings()).replace(dir + "/", ""));
        assertEquals(5, parsed.files().size());
    }
}
