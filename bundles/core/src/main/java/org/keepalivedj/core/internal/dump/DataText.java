package org.keepalivedj.core.internal.dump;

import java.time.Duration;
import java.util.List;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;

/**
 * keepalived's data file (SIGUSR1): a "Global definitions" section and a "VRRP Topology" section with
 * one {@code VRRP Instance = NAME} block per instance, in keepalived's layout ({@code Key = value}
 * lines indented one space for sections' entries, three for an instance's fields, five for its
 * addresses), so the scripts that grep it find the same lines.
 */
public final class DataText {
    private DataText() {}

    public static String render(GlobalDefs g, List<VrrpInstanceView> instances) {
        StringBuilder out = new StringBuilder();
        out.append("------< Global definitions >------\n");
        if (g != null) {
            line(out, 1, "Router ID", g.routerId() == null ? "(none)" : g.routerId());
            line(out, 1, "Default interface", g.defaultInterface() == null ? "(none)" : g.defaultInterface());
            line(out, 1, "Dynamic interfaces", Boolean.toString(g.dynamicInterfaces()));
            line(
                    out,
                    1,
                    "VRRP IPv4 mcast group",
                    g.vrrpMcastGroup4() == null ? "224.0.0.18" : IpAddresses.format(g.vrrpMcastGroup4()));
            line(
                    out,
                    1,
                    "VRRP IPv6 mcast group",
                    g.vrrpMcastGroup6() == null ? "ff02::12" : IpAddresses.format(g.vrrpMcastGroup6()));
            line(out, 1, "VRRP default protocol version", Integer.toString(g.vrrpVersion()));
            line(out, 1, "VRRP strict mode", Boolean.toString(g.vrrpStrict()));
            out.append(g.enableScriptSecurity() ? " Script security enabled\n" : " Script security disabled\n");
            line(out, 1, "Default script user", g.scriptUser() == null ? "(the daemon's user)" : g.scriptUser());
        }
        out.append("------< VRRP Topology >------\n");
        for (VrrpInstanceView v : instances) {
            instance(out, v);
        }
        return out.toString();
    }

    private static void instance(StringBuilder out, VrrpInstanceView v) {
        line(out, 1, "VRRP Instance", v.name());
        line(out, 3, "VRRP Version", Integer.toString(v.version()));
        line(out, 3, "State", v.state().name());
        line(out, 3, "Wantstate", v.wantedState().name());
        line(out, 3, "Last transition", VrrpStates.timeval(v.lastTransition()));
        line(out, 3, "Interface", v.interfaceName());
        if (v.state() != InstanceState.MASTER && v.masterAddress() != null) {
            line(out, 3, "Master router", IpAddresses.format(v.masterAddress()));
            line(out, 3, "Master priority", Integer.toString(v.masterPriority()));
        }
        line(out, 3, "Virtual Router ID", Integer.toString(v.virtualRouterId()));
        line(out, 3, "Priority", Integer.toString(v.basePriority()));
        line(out, 3, "Effective priority", Integer.toString(v.effectivePriority()));
        line(out, 3, "Advert interval", interval(v.advertInterval()));
        for (String reason : v.faultReasons()) {
            line(out, 3, "Fault reason", reason);
        }
        List<String> vips = v.virtualAddresses();
        out.append("   Virtual IP (").append(vips.size()).append("):\n");
        for (String vip : vips) {
            // keepalived marks an address it has installed with "set".
            out.append("     ")
                    .append(vip)
                    .append(v.state() == InstanceState.MASTER ? " set" : "")
                    .append('\n');
        }
    }

    /** {@code 1 sec}, or {@code 100 milli-sec} below a second or for fractions. */
    static String interval(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " sec";
        }
        return d.toMillis() + " milli-sec";
    }

    private static void line(StringBuilder out, int indent, String key, String value) {
        out.append(" ".repeat(indent)).append(key).append(" = ").append(value).append('\n');
    }
}
