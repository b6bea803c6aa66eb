package org.keepalivedj.api.model;

import java.util.Objects;
import org.keepalivedj.api.net.NumberRange;
import org.keepalivedj.api.net.RuleAction;

/**
 * One rule line in ip-rule syntax, {@code from 192.0.2.0/24 table 100 priority 10}, every value
 * checked when the config was loaded. Null means "not given".
 *
 * @param family   from the addresses or "inet6", else IPv4 (as keepalived)
 * @param invert   ip's "not"
 * @param table    the table of a {@link RuleAction#TABLE} rule (names resolved at load)
 * @param gotoPriority the target of a {@link RuleAction#GOTO} rule, else null
 * @param tos      type of service, 0 for any
 * @param fwmask   null for the kernel's default (all bits)
 * @param l3mdev   look the table up from the l3mdev (VRF) device
 * @param protocol RTPROT number of the rule, or null
 * @param ipProto  IP protocol number (ip_proto), or null
 * @param realms   FRA_FLOW value, or null
 */
public record IpRule(
        Origin origin,
        Family family,
        boolean invert,
        IpPrefix from,
        IpPrefix to,
        Integer priority,
        RuleAction action,
        int table,
        Integer gotoPriority,
        int tos,
        Long fwmark,
        Long fwmask,
        String inInterface,
        String outInterface,
        Integer suppressPrefixLength,
        Integer suppressIfgroup,
        NumberRange uidRange,
        boolean l3mdev,
        Integer protocol,
        Integer ipProto,
        NumberRange sourcePorts,
        NumberRange destinationPorts,
        Integer realms,
        boolean noTrack,
        String trackGroup) {
    public IpRule {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(action, "action");
    }

    /** The line without what only tracking reads (no_track, track_group): the rule the kernel holds. */
    public IpRule inKernel() {
        return new IpRule(
                origin,
                family,
                invert,
                from,
                to,
                priority,
                action,
                table,
                gotoPriority,
                tos,
                fwmark,
                fwmask,
                inInterface,
                outInterface,
                suppressPrefixLength,
                suppressIfgroup,
                uidRange,
                l3mdev,
                protocol,
                ipProto,
                sourcePorts,
                destinationPorts,
                realms,
                false,
                null);
    }

    /** The canonical line, as the dump writes it: for logs and the kernel requests' descriptions. */
    @Override
    public String toString() {
        return ConfigLines.rule(this);
    }
}
