package org.keepalivedj.config.checkers;

import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.model.Origin;

/** DNS_CHECK: query type (default SOA) and name (default "."). */
public record DnsCheckSpec(Origin origin, CheckerSettings settings, String type, String name) implements CheckerSpec {
    @Override
    public String kind() {
        return "DNS_CHECK";
    }
}
