package org.keepalivedj.config;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.syntax.ConfigReader;

/**
 * Command line: {@code check FILE [-i ID]} and {@code dump FILE [-i ID]}. Exit codes follow
 * keepalived's {@code -t}: 0 fine; 3 cannot run (file missing or unreadable, or errors: the daemon
 * refuses such a file); 4 would run but with complaints (unknown keywords, deprecated spellings;
 * keepalived counts those as errors). Advisories (a keyword that has no effect in keepalived-j) are
 * printed like warnings but keep the exit code at 0: keepalived takes those lines without a word.
 * 2 for a usage mistake. Messages go to stderr, never a stack trace.
 */
public final class ConfigTool {
    public static final int OK = 0;
    public static final int USAGE = 2;
    public static final int CANNOT_RUN = 3;
    public static final int WOULD_RUN_WITH_ERRORS = 4;

    private final PrintStream out;
    private final PrintStream err;
    private final HostLinks links;

    public ConfigTool(PrintStream out, PrintStream err) {
        this(out, err, HostLinks.SYSFS);
    }

    ConfigTool(PrintStream out, PrintStream err, HostLinks links) {
        this.out = out;
        this.err = err;
        this.links = links;
    }

    public static void main(String[] args) {
        System.exit(new ConfigTool(System.out, System.err).run(args));
    }

    public int run(String... args) {
        if (args.length < 2 || !(args[0].equals("check") || args[0].equals("dump"))) {
            return usage();
        }
        String id = null;
        for (int i = 2; i < args.length; i++) {
            if ((args[i].equals("-i") || args[i].equals("--config-id")) && i + 1 < args.length) {
                id = args[++i];
            } else {
                return usage();
            }
        }
        Path file = Path.of(args[1]);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            err.println(file + ": cannot read configuration file");
            return CANNOT_RUN;
        }
        ConfigReader.Options options = ConfigReader.Options.defaults();
        if (id != null) {
            options = options.withConfigId(id);
        }
        KeepalivedConfigLoader loader = new KeepalivedConfigLoader(options, BuiltinCheckers.registry(), links);
        try {
            KeepalivedConfigLoader.Result result = loader.load(file);
            report(result.warnings());
            if (args[0].equals("dump")) {
                out.print(SecretRedaction.redact(ConfigDump.dump(result.config())));
            }
            boolean complaints = result.warnings().stream().anyMatch(p -> p.severity() == ConfigProblem.Severity.WARNING);
            return complaints ? WOULD_RUN_WITH_ERRORS : OK;
        } catch (ConfigException e) {
            report(e.problems());
            long errors = e.problems().stream().filter(ConfigProblem::isError).count();
            err.println(file + ": " + errors + (errors == 1 ? " error" : " errors") + ", not loaded");
            return CANNOT_RUN;
        } catch (RuntimeException | StackOverflowError e) {
            err.println(file + ": internal error while reading the configuration: " + e);
            return CANNOT_RUN;
        }
    }

    private void report(List<ConfigProblem> problems) {
        problems.forEach(err::println);
    }

    private int usage() {
        err.println("usage: ConfigTool check|dump FILE [-i CONFIG_ID]");
        return USAGE;
    }
}
