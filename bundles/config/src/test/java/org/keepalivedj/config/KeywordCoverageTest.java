package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.config.syntax.ConfigReader;

/**
 * The keyword list keepalived's parser registers is fully known to our table, and our own test
 * configs use every one of those keywords at least once.
 */
class KeywordCoverageTest {

    private static Set<String> keepalivedKeywords() throws IOException {
        assumeTrue(Files.isRegularFile(Samples.KEYWORDS), "no keyword list at " + Samples.KEYWORDS);
        Set<String> keywords = new TreeSet<>();
        for (String line : Files.readAllLines(Samples.KEYWORDS)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                keywords.add(line.strip());
            }
        }
        assertFalse(keywords.isEmpty());
        return keywords;
    }

    @Test
    void tableKnowsEveryKeepalivedKeyword() throws IOException {
        Set<String> missing = new TreeSet<>(keepalivedKeywords());
        missing.removeAll(KeywordTable.standard().allKeywords());
        assertEquals(Set.of(), missing, "keywords keepalived registers that keywords.table lacks");
    }

    @Test
    void ownConfigsUseEveryKeepalivedKeyword() throws IOException, ConfigException {
        Set<String> used = new TreeSet<>();
        ConfigReader reader = new ConfigReader(new ConfigReader.Options("test-node", name -> null));
        List<Path> own = new ArrayList<>(Samples.files(Samples.OWN));
        own.addAll(Samples.files(Samples.BROKEN)); // refused keywords are used there
        for (Path file : own) {
            if (file.toString().endsWith(".conf")) {
                reader.read(file).roots().forEach(n -> collect(n, used));
            }
        }
        Set<String> missing = new TreeSet<>(keepalivedKeywords());
        missing.removeAll(used);
        assertEquals(Set.of(), missing, "keywords none of " + Samples.OWN + " and " + Samples.BROKEN + " uses");
    }

    @Test
    void everyTableSectionIsReachable() {
        Set<String> reachable = new TreeSet<>(Set.of("root", "checker_common"));
        KeywordTable.standard()
                .sections()
                .values()
                .forEach(s -> s.keywords().values().forEach(k -> {
                    if (k.kind() == KeywordTable.Kind.BLOCK) {
                        reachable.add(k.p1());
                    }
                    if (k.kind() == KeywordTable.Kind.CHECKER) {
                        reachable.add(k.name());
                    }
                }));
        assertTrue(
                reachable.containsAll(KeywordTable.standard().sections().keySet()),
                "unreachable sections: "
                        + KeywordTable.standard().sections().keySet().stream()
                                .filter(s -> !reachable.contains(s))
                                .toList());
    }

    private static void collect(ConfigNode node, Set<String> into) {
        into.add(node.name());
        node.children().forEach(c -> collect(c, into));
    }
}
