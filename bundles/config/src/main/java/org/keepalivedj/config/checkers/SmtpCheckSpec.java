package org.keepalivedj.config.checkers;

import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.model.Origin;

/**
 * SMTP_CHECK: one dialogue and its HELO name. A block with {@code host} blocks is bound once per
 * dialogue, after {@link BuiltinCheckers#expand} split it.
 */
public record SmtpCheckSpec(Origin origin, CheckerSettings settings, String heloName) implements CheckerSpec {

    @Override
    public String kind() {
        return "SMTP_CHECK";
    }
}
