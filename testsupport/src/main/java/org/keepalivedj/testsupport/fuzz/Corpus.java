package org.keepalivedj.testsupport.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The inputs that once found a bug, kept as test resources ({@code src/test/resources/fuzz-corpus/NAME/})
 * and replayed by every build. One file per input, raw bytes.
 */
public final class Corpus {

    private Corpus() {}

    /** Every file in fuzz-corpus/name on the test class path of anchor, sorted by name. */
    public static List<Path> files(Class<?> anchor, String name) {
        URL dir = anchor.getResource("/fuzz-corpus/" + name);
        if (dir == null) {
            throw new IllegalStateException("no corpus directory fuzz-corpus/" + name + " on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The contents of every corpus file. */
    public static List<byte[]> inputs(Class<?> anchor, String name) {
        List<byte[]> all = new ArrayList<>();
        for (Path p : files(anchor, name)) {
            try {
                all.add(Files.readAllBytes(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }
}
