package org.keepalivedj.api.check;

import java.util.Map;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.SslSettings;
import org.keepalivedj.api.model.TrackFile;

/**
 * The parts of the whole config a checker may need beyond its own block: the root SSL block
 * (SSL_GET's client certificate and CA), the track_file blocks (FILE_CHECK names one), and
 * global_defs script_user and enable_script_security (MISC_CHECK runs scripts).
 * ssl is null when the config has no SSL block; scriptUser null when none is set.
 */
public record CheckerContext(
        SslSettings ssl, Map<String, TrackFile> trackFiles, String scriptUser, boolean scriptSecurity) {
    /** No global settings: what a checker created without a config sees. */
    public static final CheckerContext NONE = new CheckerContext(null, Map.of());

    public CheckerContext {
        trackFiles = trackFiles == null ? Map.of() : Map.copyOf(trackFiles);
    }

    /** Without script settings (no script_user, no enable_script_security). */
    public CheckerContext(SslSettings ssl, Map<String, TrackFile> trackFiles) {
        this(ssl, trackFiles, null, false);
    }

    public static CheckerContext of(KeepalivedConfig config) {
        var g = config.globalDefs();
        return new CheckerContext(
                config.ssl(),
                config.trackFiles(),
                g == null ? null : g.scriptUser(),
                g != null && g.enableScriptSecurity());
    }
}
