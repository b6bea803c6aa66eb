package org.keepalivedj.netlink;

/** Numbers from the kernel's netlink uapi headers that callers of this package need. */
public final class NetlinkConstants {

    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_GENERIC = 16;

    public static final int HEADER_SIZE = 16;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_APPEND = 0x800;
    /** In an ACK: the request was not copied back. */
    public static final int NLM_F_CAPPED = 0x100;
    /** In an ACK: extended-ACK attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    public static final int NLMSGERR_ATTR_MSG = 1;

    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    private NetlinkConstants() {}

    /** Rounds up to netlink's 4-byte alignment. */
    public static int align(int length) {
        return (length + 3) & ~3;
    }
}
