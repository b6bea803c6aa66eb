package org.keepalivedj.core.internal.dump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.keepalivedj.api.model.Settings;

/**
 * Where the dumps go: global_defs state_dump_file, stats_dump_file and json_dump_file, else
 * keepalived's /tmp/keepalived.data, .stats and .json. Files are written whole (a temporary file
 * renamed over the old one), so a reader never sees half a dump, and readable by root only, as
 * keepalived's are.
 */
public record DumpFiles(Path data, Path stats, Path json) {

    public static final DumpFiles DEFAULTS = new DumpFiles(
            Path.of("/tmp/keepalived.data"), Path.of("/tmp/keepalived.stats"), Path.of("/tmp/keepalived.json"));

    public static DumpFiles from(Settings globals) {
        return new DumpFiles(
                path(globals, "state_dump_file", DEFAULTS.data()),
                path(globals, "stats_dump_file", DEFAULTS.stats()),
                path(globals, "json_dump_file", DEFAULTS.json()));
    }

    private static Path path(Settings globals, String keyword, Path otherwise) {
        String v = globals.get(keyword);
        return v == null || v.isBlank() ? otherwise : Path.of(v.trim());
    }

    /** Replaces the file with this text in one step. */
    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(
                dir,
                "." + file.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
