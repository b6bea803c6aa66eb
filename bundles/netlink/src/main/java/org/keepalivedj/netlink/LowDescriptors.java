package org.keepalivedj.netlink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import org.keepalivedj.netlink.internal.LibC;

/**
 * File descriptor numbers below FD_SETSIZE (1024), kept for native libraries that wait on their
 * sockets with select(): glibc aborts the whole process ("bit out of range 0 - FD_SETSIZE on
 * fd_set") when such a socket's number is 1024 or more, and a daemon with 1,000 VRRP instances and
 * 1,000 checked real servers has more descriptors than that open at once (libnftables 1.0.6 is
 * such a library). A few low numbers (copies of /dev/null) are taken while the process has few
 * descriptors open: when this bundle starts, and again before each use. A socket that came out high
 * is moved onto one of them.
 */
public final class LowDescriptors {
    public static final int FD_SETSIZE = 1024;
    private static final int KEEP = 4;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;

    private static final Deque<Integer> RESERVED = new ArrayDeque<>();

    private LowDescriptors() {}

    /** Takes low numbers until {@value #KEEP} are kept or the next free number is 1024 or more. */
    public static synchronized void reserve() {
        while (RESERVED.size() < KEEP) {
            int fd = LibC.get().open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                return;
            }
            if (fd >= FD_SETSIZE) {
                LibC.get().close(fd);
                return;
            }
            RESERVED.push(fd);
        }
    }

    /** How many low numbers are kept now. */
    public static synchronized int reserved() {
        return RESERVED.size();
    }

    /**
     * The socket fd itself if its number is below 1024; else the low number it now has (fd is
     * closed). Throws if fd is not a socket (a library's structure read wrongly) or no low number is
     * left.
     */
    public static synchronized int lower(int fd, String owner) {
        if (fd < FD_SETSIZE) {
            return fd;
        }
        if (!isSocket(fd)) {
            throw new IllegalStateException(owner + "'s socket is not where it was looked for (descriptor " + fd
                    + " is no socket); its number is 1024 or more, which select() cannot take");
        }
        reserve();
        Integer low = RESERVED.poll();
        if (low == null) {
            throw new IllegalStateException("no file descriptor below 1024 free for " + owner + "'s socket (it got "
                    + fd + "; select() cannot take that)");
        }
        if (LibC.get().dup3(fd, low, O_CLOEXEC) < 0) {
            RESERVED.push(low);
            throw new IllegalStateException("cannot move " + owner + "'s socket " + fd + " to " + low);
        }
        LibC.get().close(fd);
        return low;
    }

    private static boolean isSocket(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd))
                    .toString()
                    .startsWith("socket:");
        } catch (IOException e) {
            return false;
        }
    }
}
