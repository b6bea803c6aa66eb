package org.keepalivedj.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pid file bin/keepalived writes: removed at a clean stop, as keepalived does, if it is still ours. */
final class PidFile {
    private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);

    private PidFile() {}

    static void removeIfOurs(String file) {
        if (file == null || file.isBlank()) {
            return;
        }
        Path path = Path.of(file);
        try {
            String content = Files.readString(path).trim();
            if (content.equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.delete(path);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            LOG.warn("Could not remove pid file {}: {}", path, e.toString());
        }
    }
}
