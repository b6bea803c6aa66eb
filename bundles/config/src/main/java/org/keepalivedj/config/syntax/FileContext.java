package org.keepalivedj.config.syntax;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** One file being read: its name for locations, its directory, and its include_check level. */
final class FileContext {
    final String name;
    final Path dir;
    final Path realPath;
    final EnumSet<IncludeCheck> checks;
    private String pwd;

    FileContext(String name, Path dir, Path realPath, Set<IncludeCheck> checks) {
        this.name = name;
        this.dir = dir;
        this.realPath = realPath;
        this.checks = checks.isEmpty() ? EnumSet.noneOf(IncludeCheck.class) : EnumSet.copyOf(checks);
    }

    /** The directory as an absolute path, for ${_PWD}; worked out only when first used. */
    String pwd() {
        if (pwd == null) {
            pwd = dir.toAbsolutePath().normalize().toString();
        }
        return pwd;
    }
}
