package org.keepalivedj.config.syntax;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.statistics.Statistics;
import org.keepalivedj.api.config.ConfigException;

/**
 * Mutated configurations (braces, quotes, $, ~SEQ, @, include lines and random characters put in,
 * pieces cut out or doubled) only ever give a {@link ConfigException} or a tree: never another
 * exception, a hang or an out-of-memory. 300 tries by default; {@code -Dfuzz.tries=N} for long runs.
 */
class ReaderFuzzTest {
    static final int DEFAULT_TRIES = 300;

    /** Lets {@code -Dfuzz.tries=N} override the bounded default. */
    public static class TriesFromSystemProperty implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setTries(Integer.getInteger("fuzz.tries", DEFAULT_TRIES));
            return property.execute();
        }
    }

    private static final String[] FRAGMENTS = {
        "{",
        "}",
        "{ x }",
        "\"",
        "\"a b\"",
        "\\",
        "\\\"",
        "$",
        "${",
        "${X}",
        "$X=",
        "$X=${X}${X}",
        "$M= \\\n",
        "$Y=a \\\n b \\\n",
        "${_RANDOM 1 9}",
        "${_ENV HOME}",
        "${_PWD}",
        "${_HASH}",
        "${_BANG}",
        "~SEQ(",
        "~SEQ(I,",
        "~SEQ(I, 1, 3) ",
        "~SEQx(H, 0x0, 0xff) ",
        "~SEQ(I, 0, 0, 5)",
        "~LST({A,B},{1,2}) ",
        "~LST(A,",
        ")",
        "@",
        "@main ",
        "@^main ",
        "@^",
        "include ",
        "include a.conf\n",
        "includea missing*.conf\n",
        "include {a,b}.conf\n",
        "include_check\n",
        "includer ../",
        "\n",
        "#",
        "!",
        "\t",
        " ",
        "\r",
        "\u0000",
        "\u00e9",
        "\ud83d\ude00",
    };

    private static Path baseDir;
    private static List<String> seeds;

    @BeforeContainer
    static void createIncludesAndSeeds() throws IOException {
        baseDir = Files.createTempDirectory("ka-fuzz");
        Files.writeString(baseDir.resolve("a.conf"), "a_block {\n  inner $X\n}\n");
        Files.writeString(baseDir.resolve("b.conf"), "$X=from_b\ninclude a.conf\n");
        seeds = new ArrayList<>();
        try (Stream<String> features = Stream.of("features/keepalived.conf", "features/conf.d/10-vs.conf")) {
            features.forEach(name -> seeds.add(resource(name)));
        }
        if (Files.isDirectory(KeepalivedSamplesTest.SAMPLES)) {
            try (Stream<Path> files = Files.list(KeepalivedSamplesTest.SAMPLES)) {
                files.sorted().limit(8).forEach(p -> seeds.add(readString(p)));
            }
        }
        seeds.add("$V=1\n~SEQ(I, 1, 4) vrrp_instance VI_$I { priority ${V}$I }\n@main x\n@^main y\ninclude b.conf\n");
    }

    @AfterContainer
    static void deleteIncludes() throws IOException {
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = DEFAULT_TRIES, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(TriesFromSystemProperty.class)
    void onlyConfigExceptionEverComesOut(@ForAll("mutatedConfigs") String text) {
        ConfigReader reader = new ConfigReader(new ConfigReader.Options("main", name -> null), 200_000);
        String outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                reader.read(text, "fuzz.conf", baseDir);
                return "tree";
            } catch (ConfigException e) {
                assertFalse(e.problems().isEmpty(), "a ConfigException names its problems");
                return "ConfigException";
            }
        });
        Statistics.label("outcome").collect(outcome);
        // Both outcomes must be common, or the mutations are too mild or too wild to test much.
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check("tree").percentage(p -> p >= 5);
            coverage.check("ConfigException").percentage(p -> p >= 5);
        });
    }

    /** One change to a seed text: kind 0 puts a fragment in, 1 random characters, 2 cuts, 3 doubles. */
    record Mutation(int kind, double where, int length, String fragment, String noise) {
        String applyTo(String text) {
            int at = (int) (where * text.length());
            int end = Math.min(text.length(), at + length);
            switch (kind) {
                case 0:
                    return text.substring(0, at) + fragment + text.substring(at);
                case 1:
                    return text.substring(0, at) + noise + text.substring(at);
                case 2:
                    return text.substring(0, at) + text.substring(end);
                default:
                    return text.substring(0, end) + text.substring(at, end) + text.substring(end);
            }
        }
    }

    @Provide
    Arbitrary<String> mutatedConfigs() {
        Arbitrary<Mutation> mutation = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(1, 60),
                        Arbitraries.of(FRAGMENTS),
                        Arbitraries.strings().all().ofMaxLength(6))
                .as(Mutation::new);
        return Combinators.combine(
                        Arbitraries.of(seeds), mutation.list().ofMinSize(1).ofMaxSize(12))
                .as((seed, mutations) -> {
                    String text = seed;
                    for (Mutation m : mutations) {
                        text = m.applyTo(text);
                    }
                    return text;
                });
    }

    private static String resource(String name) {
        try {
            return readString(
                    Path.of(ReaderFuzzTest.class.getResource("/syntax/" + name).toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
