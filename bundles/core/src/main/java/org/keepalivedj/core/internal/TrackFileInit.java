package org.keepalivedj.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.TrackFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * track_file's {@code init_file [VALUE] [overwrite]}, as keepalived 2.2.7 runs it: every load of the
 * daemon (start and reload, never a config test) writes VALUE to a file that is missing, created
 * owner-only; {@code overwrite} replaces an existing file's content at the daemon's first load only.
 */
final class TrackFileInit {
    private static final Logger LOG = LoggerFactory.getLogger("Keepalived");

    private TrackFileInit() {}

    static void apply(KeepalivedConfig config, boolean firstLoad) {
        for (TrackFile f : config.trackFiles().values()) {
            if (f.initValue() != null) {
                init(f, firstLoad);
            }
        }
    }

    private static void init(TrackFile f, boolean firstLoad) {
        Path path = Path.of(f.file());
        boolean missing = !Files.exists(path);
        if (!missing && !(firstLoad && f.initOverwrite())) {
            return;
        }
        byte[] value = (f.initValue() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (missing) {
                Files.createFile(
                        path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(path, value, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.warn("track_file {}: cannot write its init_file value to {}: {}", f.name(), path, e.toString());
        }
    }
}
