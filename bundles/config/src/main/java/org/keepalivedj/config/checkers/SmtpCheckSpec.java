package org.keepalivedj.config.checkers;

import java.util.List;
import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.model.Origin;

/** SMTP_CHECK: HELO name and the (deprecated) extra host blocks. */
public record SmtpCheckSpec(Origin origin, CheckerSettings settings, String heloName, List<CheckerSettings> hosts)
        implements CheckerSpec {
    public SmtpCheckSpec {
        hosts = List.copyOf(hosts);
    }

    @Override
    public String kind() {
        return "SMTP_CHECK";
    }
}
