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
 * Command line: {@code check FILE [-i ID] [--data-plane P]} and {@code dump FILE [-i ID] [--data-plane P]};
 * with a data plane (etc/org.keepalivedj.cfg's data.plane, auto resolved for this host) what that plane
 * cannot carry out is an error ({@link DataPlaneLimits}). Exit codes are keepalived's
 * {@code -t} codes: 0 fine; 4 cannot run (file missing or unreadable, or errors: the daemon refuses
 * such a file); 5 would run but with complaints (unknown keywords, deprecated spellings, a line left
 * out; keepalived counts those as errors); 6 scripts would run as root without
 * enable_script_security (it outranks 5, as in keepalived). Advisories (a keyword that has no effect
 * in keepalived-j) are printed like warnings but keep the exit code at 0: keepalived takes those
 * lines without a word. 2 for a usage mistake. Messages go to stderr, never a stack trace.
 */
public final class ConfigTool {
    public static final int OK = 0;
    public static final int USAGE = 2;
    public static final int CANNOT_RUN = 4;
    public static final int WOULD_RUN_WITH_ERRORS = 5;
    public static final int SCRIPT_SECURITY = 6;

    private final PrintStream out;
    private final PrintStream err;
    private final HostLinks links;
    private final HostUsers users;

    public ConfigTool(PrintStream out, PrintStream err) {
        this(out, err, HostLinks.SYSFS, HostUsers.SYSTEM);
    }

    /** With the interfaces and users of another host (tests: the lab host a recorded verdict was taken on). */
    ConfigTool(PrintStream out, PrintStream err, HostLinks links, HostUsers users) {
        this.out = out;
        this.err = err;
        this.links = links;
        this.users = users;
    }

    public static void main(String[] args) {
        System.exit(new ConfigTool(System.out, System.err).run(args));
    }

    public int run(String... args) {
        if (args.length < 2 || !(args[0].equals("check") || args[0].equals("dump"))) {
            return usage();
        }
        String id = null;
        String plane = null;
        for (int i = 2; i < args.length; i++) {
            if ((args[i].equals("-i") || args[i].equals("--config-id")) && i + 1 < args.length) {
                id = args[++i];
            } else if (args[i].equals("--data-plane") && i + 1 < args.length) {
                plane = DataPlaneLimits.resolve(args[++i]);
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
        KeepalivedConfigLoader loader =
                new KeepalivedConfigLoader(options, BuiltinCheckers.registry(), links, users).forDataPlane(plane);
        try {
            KeepalivedConfigLoader.Result result = loader.load(file);
            report(result.warnings());
            if (args[0].equals("dump")) {
                out.print(SecretRedaction.redact(ConfigDump.dump(result.config())));
            }
            if (has(result, ConfigProblem.Severity.SECURITY)) {
                return SCRIPT_SECURITY;
            }
            return has(result, ConfigProblem.Severity.WARNING) ? WOULD_RUN_WITH_ERRORS : OK;
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

    private static boolean has(KeepalivedConfigLoader.Result result, ConfigProblem.Severity severity) {
        return result.warnings().stream().anyMatch(p -> p.severity() == severity);
    }

    private void report(List<ConfigProblem> problems) {
        problems.forEach(err::println);
    }

    private int usage() {
        err.println("usage: ConfigTool check|dump FILE [-i CONFIG_ID] [--data-plane auto|ipvs|nft|none]");
        return USAGE;
    }
}
