package org.keepalivedj.config.checkers;

import java.time.Duration;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.model.Origin;

/** MISC_CHECK: a command whose exit status is the result (misc_dynamic: status sets the weight). */
public record MiscCheckSpec(
        Origin origin, CheckerSettings settings, String path, Duration timeout, boolean dynamic, String user)
        implements CheckerSpec {
    @Override
    public String kind() {
        return "MISC_CHECK";
    }
}
