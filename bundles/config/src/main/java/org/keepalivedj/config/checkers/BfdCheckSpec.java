package org.keepalivedj.config.checkers;

import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.model.CheckTiming;
import org.keepalivedj.api.model.Origin;

/** BFD_CHECK: follows a bfd_instance by name; alpha (start down) is its only common setting. */
public record BfdCheckSpec(Origin origin, String name, boolean alpha) implements CheckerSpec {
    @Override
    public String kind() {
        return "BFD_CHECK";
    }

    @Override
    public CheckerSettings settings() {
        return alpha
                ? new CheckerSettings(null, 0, null, 0, null, 0, true, false, CheckTiming.UNSET)
                : CheckerSettings.NONE;
    }
}
