package org.keepalivedj.config;

import java.nio.file.Path;
import java.util.List;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.syntax.ConfigReader;
import org.keepalivedj.config.syntax.ParsedConfig;

/**
 * keepalived.conf to a validated {@link KeepalivedConfig}: read (includes, conditionals,
 * parameters), bind, validate. Bad input gives one {@link ConfigException} listing every problem.
 */
public final class KeepalivedConfigLoader {
    /** A loaded config, the warnings found on the way, and every file that was read. */
    public record Result(KeepalivedConfig config, List<ConfigProblem> warnings, List<Path> files) {
        public Result {
            warnings = List.copyOf(warnings);
            files = List.copyOf(files);
        }
    }

    private final ConfigReader reader;
    private final ConfigBinder binder;
    private final HostUsers users;
    /** The data plane the config is for (DataPlaneLimits), or null: not checked against a plane. */
    private final String dataPlane;

    public KeepalivedConfigLoader(ConfigReader.Options options, CheckerRegistry checkers) {
        this(options, checkers, HostLinks.SYSFS, HostUsers.SYSTEM);
    }

    /** With the interfaces and users of another host (tests: the lab host a recorded verdict was taken on). */
    KeepalivedConfigLoader(ConfigReader.Options options, CheckerRegistry checkers, HostLinks links, HostUsers users) {
        this.reader = new ConfigReader(options);
        this.binder = new ConfigBinder(checkers, new IpValues(Iproute2Names.host(), links), users);
        this.users = users;
        this.dataPlane = null;
    }

    private KeepalivedConfigLoader(KeepalivedConfigLoader base, String dataPlane) {
        this.reader = base.reader;
        this.binder = base.binder;
        this.users = base.users;
        this.dataPlane = dataPlane;
    }

    /**
     * The same loader, refusing what this data plane ({@code ipvs}, {@code nft}, {@code none}) cannot
     * carry out ({@link DataPlaneLimits}).
     */
    public KeepalivedConfigLoader forDataPlane(String plane) {
        return new KeepalivedConfigLoader(this, plane);
    }

    /** The default config id (short host name) and the built-in checker binders: what the CLI uses. */
    public static KeepalivedConfigLoader withBuiltinCheckers() {
        return new KeepalivedConfigLoader(ConfigReader.Options.defaults(), BuiltinCheckers.registry());
    }

    public Result load(Path file) throws ConfigException {
        return bind(reader.read(file));
    }

    /** Loads text as if read from the file name (includes resolve against baseDir). */
    public Result load(String text, String name, Path baseDir) throws ConfigException {
        return bind(reader.read(text, name, baseDir));
    }

    public Result bind(ParsedConfig parsed) throws ConfigException {
        Problems problems = new Problems();
        parsed.warnings().forEach(problems::add);
        KeepalivedConfig config = binder.bind(parsed.roots(), problems);
        ConfigValidator.validate(config, parsed.roots(), problems);
        ScriptUsers.check(parsed.roots(), config.globalDefs(), users, problems);
        DataPlaneLimits.check(parsed.roots(), config, dataPlane, problems);
        problems.throwIfErrors();
        return new Result(config, problems.warnings(), parsed.files());
    }
}
