package org.keepalivedj.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.syntax.ConfigReader;

/** Where the test configs are, and a loader with a fixed config id and no environment. */
final class Samples {
    /** keepalived's own sample configs, shared read-only; absent on some machines. */
    static final Path KEEPALIVED_SAMPLES =
            Path.of(System.getProperty("keepalived.samples", "/work/shared/conformance/keepalived-samples"));

    static final Path KEYWORDS =
            Path.of(System.getProperty("keepalived.keywords", "/work/shared/conformance/keepalived-keywords.txt"));
    /** Our own configs, written for this project. */
    static final Path OWN = Path.of("src/test/resources/conf");

    static final Path BROKEN = Path.of("src/test/resources/broken");
    /** Configs with a bad value on an address, route or rule line: they load without that line or word. */
    static final Path IGNORED_LINES = Path.of("src/test/resources/ignored-lines");

    private Samples() {}

    static KeepalivedConfigLoader loader(String configId) {
        ConfigReader.Options options = new ConfigReader.Options(configId, name -> null);
        return new KeepalivedConfigLoader(options, BuiltinCheckers.registry());
    }

    static KeepalivedConfigLoader loader() {
        return loader("test-node");
    }

    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeepalivedConfigLoader.Result load(Path file) throws ConfigException {
        return loader().load(file);
    }
}
