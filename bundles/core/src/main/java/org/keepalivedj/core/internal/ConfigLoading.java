package org.keepalivedj.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.CheckerRegistry;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.config.syntax.ConfigReader;
import org.keepalivedj.config.syntax.ParsedConfig;

/**
 * Reads, binds and validates a keepalived.conf completely and reports the outcome; never throws for
 * bad input. A valid file also yields its model, which the daemon applies.
 */
final class ConfigLoading {

    /**
     * The outcome for the operator, and when the file is valid its model and the parse it was bound
     * from (kept by the daemon so that checker bundles that arrive later bind without a new read).
     */
    record Loaded(LoadResult result, Optional<KeepalivedConfig> config, ParsedConfig parsed) {}

    private final Clock clock;
    private final CheckerRegistry checkers;
    /** The data plane in use or to be used (ipvs, nft, none); what it cannot do fails the load. */
    private final java.util.function.Supplier<String> dataPlane;

    ConfigLoading(Clock clock, CheckerRegistry checkers) {
        this(clock, checkers, () -> null);
    }

    ConfigLoading(Clock clock, CheckerRegistry checkers, java.util.function.Supplier<String> dataPlane) {
        this.clock = clock;
        this.checkers = checkers;
        this.dataPlane = dataPlane;
    }

    private KeepalivedConfigLoader loader(ConfigReader.Options options) {
        return new KeepalivedConfigLoader(options, checkers).forDataPlane(dataPlane.get());
    }

    Loaded load(Path file, String configId) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return failed(
                    file,
                    LoadResult.Outcome.UNREADABLE,
                    List.of(),
                    List.of(),
                    Files.exists(file) ? "cannot read " + file : "no such file " + file);
        }
        try {
            ConfigReader.Options options = ConfigReader.Options.defaults().withConfigId(configId);
            ParsedConfig parsed = new ConfigReader(options).read(file);
            KeepalivedConfigLoader.Result loaded = loader(options).bind(parsed);
            KeepalivedConfig config = loaded.config();
            String summary = config.vrrpInstances().size() + " VRRP instances, "
                    + config.virtualServers().size() + " virtual servers, from "
                    + loaded.files().size() + (loaded.files().size() == 1 ? " file" : " files");
            LoadResult result = new LoadResult(
                    clock.instant(), file, LoadResult.Outcome.OK, List.of(), render(loaded.warnings()), summary);
            return new Loaded(result, Optional.of(config), parsed);
        } catch (ConfigException e) {
            List<String> errors = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (ConfigProblem p : e.problems()) {
                (p.isError() ? errors : warnings).add(p.toString());
            }
            return failed(file, LoadResult.Outcome.ERRORS, errors, warnings, errors.size() + " errors");
        } catch (RuntimeException | StackOverflowError e) {
            // A bug of ours, not the operator's: report it as such instead of taking the daemon down.
            return failed(
                    file,
                    LoadResult.Outcome.ERRORS,
                    List.of(file + ": internal error while reading: " + e),
                    List.of(),
                    "internal error");
        }
    }

    /**
     * Binds a parse again with the checkers installed now: no file is read. Throws when the binding
     * has errors (every problem is in the exception's list).
     */
    KeepalivedConfig rebind(ParsedConfig parsed, String configId) throws ConfigException {
        ConfigReader.Options options = ConfigReader.Options.defaults().withConfigId(configId);
        return loader(options).bind(parsed).config();
    }

    private Loaded failed(
            Path file, LoadResult.Outcome outcome, List<String> errors, List<String> warnings, String summary) {
        return new Loaded(
                new LoadResult(clock.instant(), file, outcome, errors, warnings, summary), Optional.empty(), null);
    }

    private static List<String> render(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).toList();
    }
}
