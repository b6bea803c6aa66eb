package org.keepalivedj.api.check;

import java.util.Map;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.SslSettings;
import org.keepalivedj.api.model.TrackFile;

/**
 * The parts of the whole config a checker may need beyond its own block: the root SSL block
 * (SSL_GET's client certificate and CA) and the track_file blocks (FILE_CHECK names one).
 * ssl is null when the config has no SSL block.
 */
public record CheckerContext(SslSettings ssl, Map<String, TrackFile> trackFiles) {
    /** No global settings: what a checker created without a config sees. */
    public static final CheckerContext NONE = new CheckerContext(null, Map.of());

    public CheckerContext {
        trackFiles = trackFiles == null ? Map.of() : Map.copyOf(trackFiles);
    }

    public static CheckerContext of(KeepalivedConfig config) {
        return new CheckerContext(config.ssl(), config.trackFiles());
    }
}
