package org.keepalivedj.netlink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generic netlink: family lookup through the controller (CTRL_CMD_GETFAMILY) and a builder for
 * requests to a family (netlink header, then genlmsghdr: command, version, reserved).
 */
public final class GenericNetlink implements AutoCloseable {

    public static final int GENL_ID_CTRL = 0x10;
    public static final int GENL_HEADER_SIZE = 4;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;
    static final int CTRL_ATTR_VERSION = 3;
    static final int CTRL_ATTR_HDRSIZE = 4;
    static final int CTRL_ATTR_MAXATTR = 5;
    static final int CTRL_ATTR_MCAST_GROUPS = 7;
    static final int CTRL_ATTR_MCAST_GRP_NAME = 1;
    static final int CTRL_ATTR_MCAST_GRP_ID = 2;

    private final NetlinkSocket socket;

    public GenericNetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    public static GenericNetlink open() {
        return new GenericNetlink(NetlinkSocket.open(NetlinkConstants.NETLINK_GENERIC));
    }

    public NetlinkSocket socket() {
        return socket;
    }

    /** A request to a family: add attributes, then send it with {@link NetlinkSocket#request}. */
    public static NetlinkMessageBuilder request(int familyId, int command, int version, int flags, String description) {
        return new NetlinkMessageBuilder(familyId, flags, description)
                .u8(command)
                .u8(version)
                .u16(0);
    }

    static NetlinkMessageBuilder getFamily(String name) {
        return request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0, "CTRL_CMD_GETFAMILY " + name)
                .attrString(CTRL_ATTR_FAMILY_NAME, name);
    }

    /** Looks the family up; throws {@link NetlinkException} ENOENT when the kernel has no such family. */
    public GenlFamily family(String name) {
        List<NetlinkMessage> replies = socket.request(getFamily(name));
        for (NetlinkMessage m : replies) {
            if (m.type() == GENL_ID_CTRL) {
                return decodeFamily(m);
            }
        }
        throw new NetlinkException("CTRL_CMD_GETFAMILY " + name + ": no family in the answer", Errno.ENOENT, null);
    }

    static GenlFamily decodeFamily(NetlinkMessage m) {
        NetlinkAttributes a = m.attributes(GENL_HEADER_SIZE);
        Map<String, Integer> groups = new LinkedHashMap<>();
        NetlinkAttributes mcast = a.nested(CTRL_ATTR_MCAST_GROUPS);
        if (mcast != null) {
            for (NetlinkAttributes.Attribute group : mcast.all()) {
                NetlinkAttributes g = NetlinkAttributes.parse(group.value());
                String groupName = g.string(CTRL_ATTR_MCAST_GRP_NAME);
                Integer id = g.u32(CTRL_ATTR_MCAST_GRP_ID);
                if (groupName != null && id != null) {
                    groups.put(groupName, id);
                }
            }
        }
        Integer id = a.u16(CTRL_ATTR_FAMILY_ID);
        Integer version = a.u32(CTRL_ATTR_VERSION);
        Integer headerSize = a.u32(CTRL_ATTR_HDRSIZE);
        Integer maxAttribute = a.u32(CTRL_ATTR_MAXATTR);
        return new GenlFamily(
                a.string(CTRL_ATTR_FAMILY_NAME),
                id == null ? 0 : id,
                version == null ? 0 : version,
                headerSize == null ? 0 : headerSize,
                maxAttribute == null ? 0 : maxAttribute,
                Map.copyOf(groups));
    }

    @Override
    public void close() {
        socket.close();
    }
}
