package org.keepalivedj.netlink;

/** The kernel answered a netlink request with NLMSG_ERROR. */
public class NetlinkException extends ErrnoException {

    public NetlinkException(String operation, int errno, String detail) {
        super(operation, errno, detail);
    }
}
