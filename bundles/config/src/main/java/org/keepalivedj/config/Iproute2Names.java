package org.keepalivedj.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names iproute2 gives numbers: routing tables (rt_tables), protocols (rt_protos), realms
 * (rt_realms) and scopes (rt_scopes). Each file is read from /usr/share/iproute2 (the packaged
 * defaults), then /etc/iproute2 (the administrator's, which wins), then the .d/*.conf of each; a
 * missing file is no error. Read once per load.
 */
final class Iproute2Names {
    static final List<Path> HOST_DIRS = List.of(Path.of("/usr/share/iproute2"), Path.of("/etc/iproute2"));

    private final List<Path> dirs;
    private final Map<String, Map<String, Long>> files = new HashMap<>();

    Iproute2Names(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    static Iproute2Names host() {
        return new Iproute2Names(HOST_DIRS);
    }

    /** The number this name stands for in FILE (rt_tables, ...), or null. */
    Long lookup(String file, String name) {
        return files.computeIfAbsent(file, this::read).get(name);
    }

    private Map<String, Long> read(String file) {
        Map<String, Long> names = new HashMap<>();
        List<Path> paths = new ArrayList<>();
        for (Path dir : dirs) {
            paths.add(dir.resolve(file));
        }
        for (Path dir : dirs) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(dir.resolve(file + ".d"), "*.conf")) {
                d.forEach(paths::add);
            } catch (IOException e) {
                // no such directory: nothing to add
            }
        }
        for (Path p : paths) {
            try {
                for (String row : Files.readAllLines(p)) {
                    String[] cols = row.trim().split("\\s+");
                    Long number =
                            cols.length >= 2 && !cols[0].startsWith("#") ? LineCursor.parseUnsigned(cols[0]) : null;
                    if (number != null) {
                        names.put(cols[1], number);
                    }
                }
            } catch (IOException e) {
                // unreadable or missing: ip ignores it too
            }
        }
        return names;
    }
}
