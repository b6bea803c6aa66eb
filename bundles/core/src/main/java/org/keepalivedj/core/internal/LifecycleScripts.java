package org.keepalivedj.core.internal;

import java.time.Duration;
import java.util.Optional;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.script.ScriptResult;
import org.keepalivedj.api.script.ScriptService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * global_defs startup_script and shutdown_script: the first runs before VRRP and the checkers start,
 * the second after everything stopped. Each runs through the notify service as the script user and
 * is killed with its children at its timeout (startup_script_timeout / shutdown_script_timeout, 10 s
 * unless set).
 */
final class LifecycleScripts {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleScripts.class);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** One of the two scripts as configured; secure: enable_script_security is set. */
    record Script(String phase, String line, Duration timeout, String user, boolean secure) {}

    private LifecycleScripts() {}

    static Optional<Script> startup(KeepalivedConfig config) {
        return script("startup", config);
    }

    static Optional<Script> shutdown(KeepalivedConfig config) {
        return script("shutdown", config);
    }

    private static Optional<Script> script(String phase, KeepalivedConfig config) {
        if (config == null) {
            return Optional.empty();
        }
        GlobalDefs g = config.globalDefs();
        String line = g.settings().get(phase + "_script");
        if (line == null || line.isBlank()) {
            return Optional.empty();
        }
        String seconds = g.settings().get(phase + "_script_timeout");
        // The validator bounds the number (1-1000); a value we cannot read falls back to the default.
        Duration timeout = DEFAULT_TIMEOUT;
        if (seconds != null) {
            try {
                timeout = Duration.ofSeconds(Integer.parseInt(seconds.trim()));
            } catch (NumberFormatException e) {
                LOG.warn(
                        "{}_script_timeout '{}' is not a number of seconds; using {} s",
                        phase,
                        seconds,
                        DEFAULT_TIMEOUT.toSeconds());
            }
        }
        return Optional.of(new Script(phase, line.trim(), timeout, g.scriptUser(), g.enableScriptSecurity()));
    }

    /** Runs the script through the notify service and waits for it (at most its timeout); the service logs a failure. */
    static ScriptResult run(ScriptService scripts, Script s) {
        LOG.info("Running {} script {}", s.phase(), s.line());
        ScriptResult r = scripts.run(org.keepalivedj.api.script.Script.lifecycle(
                s.phase() + "_script", s.line(), s.user(), s.secure(), s.timeout()));
        if (r.ok()) {
            LOG.info("{} script succeeded", s.phase());
        }
        return r;
    }
}
