package org.keepalivedj.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.config.KeepalivedConfigLoader;

/** init_file as keepalived 2.2.7 runs it (observed: a start, then SIGHUP after the files were changed). */
class TrackFileInitTest {
    @TempDir
    Path dir;

    private KeepalivedConfig config() throws Exception {
        Path conf = dir.resolve("k.conf");
        Files.writeString(
                conf,
                "track_file over {\n  file " + dir.resolve("over") + "\n  init_file 5 overwrite\n}\n"
                        + "track_file keep {\n  file " + dir.resolve("keep") + "\n  init_file 3\n}\n"
                        + "track_file zero {\n  file " + dir.resolve("zero") + "\n  init_file\n}\n"
                        + "track_file none {\n  file " + dir.resolve("none") + "\n}\n");
        return KeepalivedConfigLoader.withBuiltinCheckers().load(conf).config();
    }

    @Test
    void theFirstLoadWritesMissingFilesAndOverwritesOnlyWithOverwrite() throws Exception {
        Files.writeString(dir.resolve("over"), "9\n");
        Files.writeString(dir.resolve("keep"), "9\n");
        TrackFileInit.apply(config(), true);
        assertEquals("5\n", Files.readString(dir.resolve("over")));
        assertEquals("9\n", Files.readString(dir.resolve("keep")), "an existing file is kept without overwrite");
        assertEquals("0\n", Files.readString(dir.resolve("zero")), "init_file without a value writes 0");
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("zero"))),
                "a file it creates is the owner's only");
        assertFalse(Files.exists(dir.resolve("none")), "no init_file, no file");
    }

    @Test
    void aReloadWritesMissingFilesButOverwritesNothing() throws Exception {
        Files.writeString(dir.resolve("over"), "7\n");
        TrackFileInit.apply(config(), false);
        assertEquals("7\n", Files.readString(dir.resolve("over")), "overwrite applies at the daemon's start only");
        assertEquals("3\n", Files.readString(dir.resolve("keep")), "a missing file is written again at a reload");
    }
}
