package org.keepalivedj.config;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.model.KeepalivedConfig;

/**
 * Mutated configs (words swapped for odd numbers, addresses, keywords of other blocks; lines cut,
 * doubled or moved; braces and quotes dropped) through read + bind + validate + dump: only
 * {@link ConfigException} ever comes out, never another exception or a hang; what loads also
 * dumps and reloads. 300 tries by default; {@code -Dfuzz.tries=N} runs longer.
 */
class LoadFuzzTest {
    static final int DEFAULT_TRIES = 300;

    /** Lets {@code -Dfuzz.tries=N} override the bounded default. */
    public static class TriesFromSystemProperty implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            context.attributes().setTries(Integer.getInteger("fuzz.tries", DEFAULT_TRIES));
            return property.execute();
        }
    }

    private static final String[] WORDS = {
        "0",
        "-1",
        "1",
        "255",
        "256",
        "65536",
        "4294967296",
        "99999999999999999999",
        "0.5",
        "1e3",
        ".",
        "-",
        "2001:db8::1",
        "::",
        "192.0.2.1",
        "192.0.2.1/33",
        "10.0.0.1-300",
        "fwmark",
        "group",
        "weight",
        "reverse",
        "inet6",
        "MASTER",
        "TCP_CHECK",
        "HTTP_GET",
        "url",
        "real_server",
        "virtual_ipaddress",
        "track_script",
        "VI_1",
        "{",
        "}",
        "\"",
        "",
        "true",
        "nan",
        "dev",
        "brd",
        "via",
        "from",
        "to",
        "min_ttl",
        "@x",
        "$X",
    };

    private static final List<String> CORPUS = corpus();

    private static List<String> corpus() {
        List<String> texts = new ArrayList<>();
        List<Path> files = new ArrayList<>(Samples.files(Samples.OWN));
        files.addAll(Samples.files(Samples.BROKEN));
        files.addAll(Samples.files(Samples.KEEPALIVED_SAMPLES));
        for (Path f : files) {
            if (f.toString().endsWith(".conf") || f.startsWith(Samples.KEEPALIVED_SAMPLES)) {
                try {
                    texts.add(Files.readString(f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return texts;
    }

    @Property(shrinking = ShrinkingMode.OFF)
    @AddLifecycleHook(TriesFromSystemProperty.class)
    void mutatedConfigsOnlyEverGiveConfigException(@ForAll("mutated") String text) {
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> {
                    try {
                        KeepalivedConfig c = Samples.loader()
                                .load(text, "fuzz.conf", Samples.OWN)
                                .config();
                        String dump = ConfigDump.dump(c);
                        KeepalivedConfig again = Samples.loader()
                                .load(dump, "fuzz-dump.conf", Samples.OWN)
                                .config();
                        if (!again.equals(c)) {
                            throw new AssertionError("dump reloads differently:\n" + text + "\n---- dump:\n" + dump
                                    + "\n---- dump of the reload:\n" + ConfigDump.dump(again));
                        }
                    } catch (ConfigException expected) {
                        // the one documented outcome for bad input
                    }
                },
                () -> "took over 10 s:\n" + text);
    }

    @Provide
    Arbitrary<String> mutated() {
        return Combinators.combine(
                        Arbitraries.of(CORPUS), Arbitraries.integers().between(1, 6), Arbitraries.longs())
                .as((text, count, seed) -> mutate(text, count, new Random(seed)));
    }

    static String mutate(String text, int count, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        for (int i = 0; i < count && !lines.isEmpty(); i++) {
            int at = random.nextInt(lines.size());
            switch (random.nextInt(6)) {
                case 0 -> lines.set(at, replaceWord(lines.get(at), random));
                case 1 -> lines.remove(at);
                case 2 -> lines.add(at, lines.get(random.nextInt(lines.size())));
                case 3 -> lines.add(random.nextInt(lines.size()), lines.remove(at));
                case 4 -> lines.set(at, lines.get(at) + " " + WORDS[random.nextInt(WORDS.length)]);
                default -> lines.set(at, lines.get(at).replace(random.nextBoolean() ? "{" : "}", ""));
            }
        }
        return String.join("\n", lines);
    }

    private static String replaceWord(String line, Random random) {
        String[] words = line.strip().split("\\s+");
        if (words.length == 0) {
            return line;
        }
        words[random.nextInt(words.length)] = WORDS[random.nextInt(WORDS.length)];
        return "    " + String.join(" ", words);
    }
}
