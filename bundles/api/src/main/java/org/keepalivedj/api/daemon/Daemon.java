package org.keepalivedj.api.daemon;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The running keepalived-j daemon as the management plane sees it: what it runs, from which file,
 * and how the last load went. Published as an OSGi service by the core bundle.
 */
public interface Daemon {

    /** The product version, e.g. {@code 0.1.0-SNAPSHOT}. */
    String version();

    /** When the daemon started. */
    Instant startedAt();

    /** The keepalived.conf in use. */
    Path configPath();

    /** The config id used for {@code @id} conditionals. */
    String configId();

    /** The outcome of the last load or reload (never null once the daemon has started). */
    LoadResult lastLoad();

    /** Reloads the config file: a config with errors leaves the running config untouched. */
    LoadResult reload();

    /** Checks a config file without applying it. */
    LoadResult checkConfig(Path file);

    /**
     * What {@link #reload} would do with this file (null: the running config's file), asked of the
     * running daemon: the file's errors and warnings, and when it loads, the plan. Changes nothing.
     */
    default ReloadPreview previewReload(Path file) {
        throw new UnsupportedOperationException("this daemon cannot preview a reload");
    }

    /**
     * Told of every reload (SIGHUP, console, JMX), on the thread that did it: return quickly. Publish
     * it as an OSGi service and core binds it (the whiteboard).
     */
    @FunctionalInterface
    interface LoadListener {
        void loaded(LoadResult result);
    }
}
