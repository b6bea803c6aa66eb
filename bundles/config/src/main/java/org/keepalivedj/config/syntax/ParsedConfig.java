package org.keepalivedj.config.syntax;

import java.nio.file.Path;
import java.util.List;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.config.ConfigProblem;

/**
 * The block tree of a keepalived.conf after preprocessing.
 *
 * @param roots    the top-level statements, in file order (includes spliced in where they stood)
 * @param warnings what keepalived would tolerate but an operator should see (missing includes, ...)
 * @param files    every file that was read, the main one first, for reload-on-change
 */
public record ParsedConfig(List<ConfigNode> roots, List<ConfigProblem> warnings, List<Path> files) {
    public ParsedConfig {
        roots = List.copyOf(roots);
        warnings = List.copyOf(warnings);
        files = List.copyOf(files);
    }
}
