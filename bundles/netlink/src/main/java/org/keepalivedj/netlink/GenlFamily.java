package org.keepalivedj.netlink;

import java.util.Map;

/**
 * A generic netlink family as the controller describes it.
 *
 * @param multicastGroups group name to group id
 */
public record GenlFamily(
        String name, int id, int version, int headerSize, int maxAttribute, Map<String, Integer> multicastGroups) {}
