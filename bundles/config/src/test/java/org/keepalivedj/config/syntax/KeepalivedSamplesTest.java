package org.keepalivedj.config.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Token;

/**
 * Every sample configuration shipped with keepalived reads without error or warning, and every
 * word of it lands in the tree with its own file and line. The samples are read where they lie
 * (../shared/conformance); the test is skipped on machines that do not have them.
 */
class KeepalivedSamplesTest {
    static final Path SAMPLES =
            Path.of(System.getProperty("keepalived.samples", "/work/shared/conformance/keepalived-samples"));

    static Stream<Path> samples() throws IOException {
        if (!Files.isDirectory(SAMPLES)) {
            return Stream.of(SAMPLES); // one case, which skips with a message
        }
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void readsWithEveryWordInPlace(Path sample) throws Exception {
        assumeTrue(Files.isRegularFile(sample), "keepalived samples not present at " + SAMPLES);
        ParsedConfig parsed = Trees.reader("high").read(sample);
        assertFalse(parsed.roots().isEmpty());
        assertEquals(List.of(), parsed.warnings());
        assertEquals(List.of(sample), parsed.files());
        List<Token> words = new java.util.ArrayList<>();
        collect(parsed.roots(), words);
        for (Token t : words) {
            assertEquals(sample.toString(), t.location().file());
        }
        assertEquals(naiveWordCount(Files.readAllLines(sample), "high"), words.size());
    }

    private static void collect(List<ConfigNode> nodes, List<Token> into) {
        for (ConfigNode n : nodes) {
            into.add(n.keyword());
            into.addAll(n.args());
            collect(n.children(), into);
        }
    }

    /** An independent count of words for files without quotes containing blanks or parameters. */
    private static int naiveWordCount(List<String> lines, String configId) {
        int count = 0;
        for (String line : lines) {
            String text =
                    line.split("[#!]", 2)[0].replace("{", " ").replace("}", " ").trim();
            if (text.startsWith("@")) {
                String[] cond = text.split("\\s+", 2);
                if (!cond[0].equals("@" + configId) || cond.length == 1) {
                    continue;
                }
                text = cond[1];
            }
            if (text.isEmpty()) {
                continue;
            }
            count += quotedAware(text);
        }
        return count;
    }

    private static int quotedAware(String text) {
        int words = 0;
        boolean inWord = false;
        boolean inQuotes = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                inQuotes = !inQuotes;
            }
            boolean blank = !inQuotes && (c == ' ' || c == '\t');
            if (!blank && !inWord) {
                words++;
            }
            inWord = !blank;
        }
        return words;
    }
}
