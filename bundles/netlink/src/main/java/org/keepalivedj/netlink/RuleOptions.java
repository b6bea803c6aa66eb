package org.keepalivedj.netlink;

import java.util.Objects;
import org.keepalivedj.api.net.NumberRange;
import org.keepalivedj.api.net.RuleAction;

/**
 * The less common attributes of a {@link Rule}; null means not sent.
 *
 * @param invert        FIB_RULE_INVERT (ip's "not")
 * @param action        FR_ACT_*; a TABLE rule looks up the rule's table
 * @param gotoPriority  FRA_GOTO of a GOTO rule
 * @param tos           the header's tos
 */
public record RuleOptions(
        boolean invert,
        RuleAction action,
        Integer gotoPriority,
        int tos,
        Integer suppressPrefixLength,
        Integer suppressIfgroup,
        NumberRange uidRange,
        boolean l3mdev,
        Integer protocol,
        Integer ipProto,
        NumberRange sourcePorts,
        NumberRange destinationPorts,
        Integer realms) {
    public static final RuleOptions NONE =
            new RuleOptions(false, RuleAction.TABLE, null, 0, null, null, null, false, null, null, null, null, null);

    public RuleOptions {
        Objects.requireNonNull(action, "action");
    }
}
