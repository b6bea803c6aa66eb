package org.keepalivedj.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.keepalivedj.api.config.ConfigException;
import org.keepalivedj.api.config.ConfigProblem;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.config.syntax.ConfigReader;
import org.keepalivedj.config.syntax.ParsedConfig;

/** Reads a keepalived.conf completely and reports the outcome; never throws for bad input. */
final class ConfigLoading {
    private final Clock clock;

    ConfigLoading(Clock clock) {
        this.clock = clock;
    }

    LoadResult load(Path file, String configId) {
        if (!Files.isReadable(file)) {
            return new LoadResult(clock.instant(), file, LoadResult.Outcome.UNREADABLE, List.of(), List.of(),
                    Files.exists(file) ? "cannot read " + file : "no such file " + file);
        }
        try {
            ParsedConfig parsed = new ConfigReader(ConfigReader.Options.defaults().withConfigId(configId)).read(file);
            List<String> warnings = render(parsed.warnings());
            return new LoadResult(clock.instant(), file, LoadResult.Outcome.OK, List.of(), warnings,
                    parsed.roots().size() + " top-level blocks from " + parsed.files().size() + " files");
        } catch (ConfigException e) {
            List<String> errors = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (ConfigProblem p : e.problems()) {
                (p.isError() ? errors : warnings).add(p.toString());
            }
            return new LoadResult(clock.instant(), file, LoadResult.Outcome.ERRORS, errors, warnings,
                    errors.size() + " errors");
        } catch (RuntimeException e) {
            // A bug of ours, not the operator's: report it as such instead of taking the daemon down.
            return new LoadResult(clock.instant(), file, LoadResult.Outcome.ERRORS,
                    List.of(file + ": internal error while reading: " + e), List.of(), "internal error");
        }
    }

    private static List<String> render(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).toList();
    }
}
