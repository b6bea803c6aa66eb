package org.keepalivedj.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.net.RuleAction;

/**
 * A policy routing rule ("lookup table N") to add or delete. Build with {@link #ipv4()} or
 * {@link #ipv6()} and the {@code with}-style methods.
 *
 * @param priority   null lets the kernel choose
 * @param from       source prefix, or null for all
 * @param to         destination prefix, or null for all
 * @param fwmark     firewall mark, or null
 * @param fwmask     mark mask, or null
 * @param inInterface  iif name, or null
 * @param outInterface oif name, or null
 * @param options    the less common selectors and actions
 */
public record Rule(
        boolean v6,
        Integer priority,
        InetAddress from,
        int fromLength,
        InetAddress to,
        int toLength,
        int table,
        Integer fwmark,
        Integer fwmask,
        String inInterface,
        String outInterface,
        RuleOptions options) {

    public Rule {
        java.util.Objects.requireNonNull(options, "options");
    }

    public static Rule ipv4() {
        return new Rule(false, null, null, 0, null, 0, Route.MAIN_TABLE, null, null, null, null, RuleOptions.NONE);
    }

    public static Rule ipv6() {
        return new Rule(true, null, null, 0, null, 0, Route.MAIN_TABLE, null, null, null, null, RuleOptions.NONE);
    }

    public Rule priority(int p) {
        return new Rule(
                v6, p, from, fromLength, to, toLength, table, fwmark, fwmask, inInterface, outInterface, options);
    }

    public Rule from(InetAddress prefix, int length) {
        checkFamily(prefix);
        return new Rule(
                v6, priority, prefix, length, to, toLength, table, fwmark, fwmask, inInterface, outInterface, options);
    }

    public Rule to(InetAddress prefix, int length) {
        checkFamily(prefix);
        return new Rule(
                v6,
                priority,
                from,
                fromLength,
                prefix,
                length,
                table,
                fwmark,
                fwmask,
                inInterface,
                outInterface,
                options);
    }

    public Rule table(int t) {
        return new Rule(
                v6, priority, from, fromLength, to, toLength, t, fwmark, fwmask, inInterface, outInterface, options);
    }

    public Rule fwmark(int mark, Integer mask) {
        return new Rule(
                v6, priority, from, fromLength, to, toLength, table, mark, mask, inInterface, outInterface, options);
    }

    public Rule iif(String name) {
        return new Rule(
                v6, priority, from, fromLength, to, toLength, table, fwmark, fwmask, name, outInterface, options);
    }

    public Rule oif(String name) {
        return new Rule(
                v6, priority, from, fromLength, to, toLength, table, fwmark, fwmask, inInterface, name, options);
    }

    public Rule options(RuleOptions o) {
        return new Rule(
                v6, priority, from, fromLength, to, toLength, table, fwmark, fwmask, inInterface, outInterface, o);
    }

    private void checkFamily(InetAddress a) {
        if ((a instanceof Inet4Address) == v6) {
            throw new IllegalArgumentException(
                    "address " + IpAddresses.format(a) + " does not match the rule's family");
        }
    }

    @Override
    public String toString() {
        return (priority != null ? priority + ": " : "") + (options.invert() ? "not " : "") + "from "
                + (from != null ? IpAddresses.format(from) + "/" + fromLength : "all")
                + (to != null ? " to " + IpAddresses.format(to) + "/" + toLength : "")
                + (fwmark != null ? " fwmark 0x" + Integer.toHexString(fwmark) : "")
                + (inInterface != null ? " iif " + inInterface : "")
                + (outInterface != null ? " oif " + outInterface : "")
                + (options.action() == RuleAction.TABLE
                        ? " lookup " + table
                        : options.action() == RuleAction.GOTO
                                ? " goto " + options.gotoPriority()
                                : " " + options.action().keyword());
    }
}
