package org.keepalivedj.core.internal.dump;

import java.util.List;
import java.util.Map;
import org.keepalivedj.api.vrrp.VrrpInstanceView;

/** keepalived's stats file (SIGUSR2): one block of counters per VRRP instance, keepalived's layout. */
public final class StatsText {
    private StatsText() {}

    public static String render(List<VrrpInstanceView> instances, StatsBaseline stats) {
        StringBuilder out = new StringBuilder();
        for (VrrpInstanceView v : instances) {
            Map<String, Long> c = stats.counters(v);
            out.append("VRRP Instance: ").append(v.name()).append('\n');
            out.append("  Advertisements:\n");
            line(out, 4, "Received", c, "advertisementsReceived");
            line(out, 4, "Sent", c, "advertisementsSent");
            line(out, 2, "Became master", c, "masterTransitions");
            line(out, 2, "Released master", c, "masterReleases");
            out.append("  Packet Errors:\n");
            line(out, 4, "Length", c, "packetLengthErrors");
            line(out, 4, "TTL", c, "ipTtlErrors");
            line(out, 4, "Invalid Type", c, "invalidTypeReceived");
            line(out, 4, "Advertisement Interval", c, "advertIntervalErrors");
            line(out, 4, "Address List", c, "addressListErrors");
            out.append("  Authentication Errors:\n");
            line(out, 4, "Invalid Type", c, "invalidAuthType");
            line(out, 4, "Type Mismatch", c, "authTypeMismatch");
            line(out, 4, "Failure", c, "authFailures");
            out.append("  Priority Zero:\n");
            line(out, 4, "Received", c, "priorityZeroReceived");
            line(out, 4, "Sent", c, "priorityZeroSent");
        }
        return out.toString();
    }

    private static void line(StringBuilder out, int indent, String label, Map<String, Long> c, String counter) {
        out.append(" ".repeat(indent))
                .append(label)
                .append(": ")
                .append(KeepalivedJson.count(c, counter))
                .append('\n');
    }
}
