package org.keepalivedj.config.checkers;

import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.model.Origin;

/** FILE_CHECK: follows a track_file; its value times weight adjusts the real server. */
public record FileCheckSpec(Origin origin, String trackFile, int weight, boolean reverse) implements CheckerSpec {
    @Override
    public String kind() {
        return "FILE_CHECK";
    }

    @Override
    public CheckerSettings settings() {
        return CheckerSettings.NONE;
    }
}
