package org.keepalivedj.config.syntax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.Location;

/**
 * Reads keepalived.conf into a tree of {@link ConfigNode}s, applying keepalived's preprocessing:
 * {@code #}/{@code !} comments, quoted strings, {@code include} (globs, braces, the
 * {@code includer/m/w/b/a} variants), {@code @id}/{@code @^id} conditional lines, {@code $NAME=value}
 * parameters (multi-line, recursive, predefined {@code ${_PWD} ${_INSTANCE} ${_RANDOM} ${_ENV X}
 * ${_HASH} ${_BANG}}) and {@code ~SEQ}/{@code ~SEQx}/{@code ~LST} line repeaters. Every token keeps
 * the file, line and column it was written at.
 *
 * <p>Bad input never escapes as anything but a {@link ConfigException} listing every error found.
 * A reader holds no state between calls and may be reused.
 */
public final class ConfigReader {

    /**
     * @param configId the config id that {@code @id} lines are compared with (keepalived's {@code -i},
     *                 default the short host name); also {@code ${_INSTANCE}}
     * @param env      looks up {@code ${_ENV X}}; returns null for an unset variable
     */
    public record Options(String configId, Function<String, String> env) {
        public Options {
            Objects.requireNonNull(configId, "configId");
            Objects.requireNonNull(env, "env");
        }

        /** The short host name as config id, and the process environment. */
        public static Options defaults() {
            return new Options(shortHostName(), System::getenv);
        }

        public Options withConfigId(String id) {
            return new Options(id, env);
        }

        public Options withEnv(Function<String, String> lookup) {
            return new Options(configId, lookup);
        }

        /** As keepalived: the node name up to the first dot. */
        static String shortHostName() {
            String name = null;
            try {
                name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8)
                        .trim();
            } catch (IOException | RuntimeException e) {
                name = System.getenv("HOSTNAME");
            }
            if (name == null || name.isEmpty()) {
                name = "localhost";
            }
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        }
    }

    private final Options options;
    private final long maxWork;

    public ConfigReader(Options options) {
        this(options, Preprocessor.MAX_WORK);
    }

    /** With a lower expansion limit, so tests of runaway configs stay fast. */
    ConfigReader(Options options, long maxWork) {
        this.options = Objects.requireNonNull(options, "options");
        this.maxWork = maxWork;
    }

    /** Reads the file and everything it includes. */
    public ParsedConfig read(Path file) throws ConfigException {
        return run(pre -> pre.readFile(file));
    }

    /** Reads text as if it were the file {@code name} (includes resolve relative to baseDir). */
    public ParsedConfig read(String text, String name, Path baseDir) throws ConfigException {
        return run(pre -> pre.readText(text, name, baseDir));
    }

    private ParsedConfig run(Consumer<Preprocessor> reading) throws ConfigException {
        ReadProblems problems = new ReadProblems();
        TreeBuilder tree = new TreeBuilder(problems);
        Preprocessor pre = new Preprocessor(options, maxWork, problems, tree);
        List<ConfigNode> roots;
        try {
            reading.accept(pre);
            roots = tree.finish();
        } catch (ReadAborted stop) {
            throw problems.toException();
        } catch (StackOverflowError e) {
            // A last resort: every recursion is bounded, but no input may crash the reader.
            problems.errorNoAbort(Location.builtin("config"), "configuration nested too deeply to read");
            throw problems.toException();
        }
        if (problems.hasErrors()) {
            throw problems.toException();
        }
        return new ParsedConfig(roots, problems.warnings(), pre.files());
    }
}
