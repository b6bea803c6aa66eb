package org.keepalivedj.netlink;

import org.keepalivedj.api.model.Family;
import org.keepalivedj.api.model.IpPrefix;
import org.keepalivedj.api.model.IpRoute;
import org.keepalivedj.api.model.IpRule;
import org.keepalivedj.api.net.ManagedAddress;

/**
 * The address, route and rule lines of the config model (checked when the config was loaded) in
 * netlink's terms. Pure mapping, no parsing: every value is already typed. Shared by static_* and
 * VRRP's virtual_* blocks.
 */
public final class ConfigTranslation {

    private ConfigTranslation() {}

    /**
     * An address line.
     *
     * @param defaultDevice the interface when the line names none (the VRRP instance's or its VMAC)
     * @throws IllegalArgumentException when the line names no device and there is no default
     */
    public static ManagedAddress address(org.keepalivedj.api.model.VirtualAddress line, String defaultDevice) {
        String device = line.device() != null ? line.device() : defaultDevice;
        if (device == null) {
            throw new IllegalArgumentException(line.address() + ": no dev given");
        }
        IpPrefix p = line.address();
        return new ManagedAddress(
                device, p.address(), p.length(), line.scope(), line.label(), line.broadcast(), line.flags());
    }

    public static Route route(IpRoute line) {
        IpPrefix d = line.destination();
        IpPrefix from = line.from();
        RouteOptions options = new RouteOptions(
                from == null ? null : from.address(),
                from == null ? 0 : from.length(),
                line.protocol(),
                line.tos(),
                line.onlink(),
                line.realms(),
                line.metrics(),
                line.locked());
        return new Route(
                d.address(),
                d.length(),
                line.via(),
                line.source(),
                line.device(),
                line.table(),
                line.metric(),
                line.scope(),
                line.type(),
                options);
    }

    public static Rule rule(IpRule line) {
        Rule rule = line.family() == Family.INET6 ? Rule.ipv6() : Rule.ipv4();
        if (line.from() != null) {
            rule = rule.from(line.from().address(), line.from().length());
        }
        if (line.to() != null) {
            rule = rule.to(line.to().address(), line.to().length());
        }
        if (line.priority() != null) {
            rule = rule.priority(line.priority());
        }
        if (line.fwmark() != null) {
            rule = rule.fwmark(
                    (int) line.fwmark().longValue(),
                    line.fwmask() == null ? null : (int) line.fwmask().longValue());
        }
        return rule.table(line.table())
                .iif(line.inInterface())
                .oif(line.outInterface())
                .options(new RuleOptions(
                        line.invert(),
                        line.action(),
                        line.gotoPriority(),
                        line.tos(),
                        line.suppressPrefixLength(),
                        line.suppressIfgroup(),
                        line.uidRange(),
                        line.l3mdev(),
                        line.protocol(),
                        line.ipProto(),
                        line.sourcePorts(),
                        line.destinationPorts(),
                        line.realms()));
    }
}
