package org.keepalivedj.netlink;

import org.keepalivedj.api.net.NetworkOperationException;

/** A system call or kernel request failed with an errno. */
public class ErrnoException extends NetworkOperationException {

    private final int errno;

    public ErrnoException(String operation, int errno, String detail) {
        super(format(operation, errno, detail));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. {@code EEXIST}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    private static String format(String operation, int errno, String detail) {
        StringBuilder s = new StringBuilder(operation).append(": ").append(Errno.name(errno));
        if (detail != null && !detail.isBlank()) {
            s.append(" (").append(detail).append(')');
        }
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            s.append(": this process lacks CAP_NET_ADMIN/CAP_NET_RAW (run as root or grant the capabilities)");
        }
        return s.toString();
    }
}
