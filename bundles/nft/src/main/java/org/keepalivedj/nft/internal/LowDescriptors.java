package org.keepalivedj.nft.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * File descriptor numbers below FD_SETSIZE (1024) kept for libnftables' netlink sockets.
 * libnftables (1.0.6) waits on its socket with select(), and glibc aborts the whole process
 * ("bit out of range 0 - FD_SETSIZE on fd_set") when that socket's number is 1024 or more; a daemon
 * with 1,000 VRRP instances and 1,000 checked real servers has more descriptors than that open at
 * once. A few low numbers (copies of /dev/null) are taken while the process has few descriptors:
 * when the bundle starts, and before each context is made. A context whose socket came out high
 * is moved onto one of them.
 */
public final class LowDescriptors {
    static final int FD_SETSIZE = 1024;
    private static final int KEEP = 4;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;

    private static final Deque<Integer> RESERVED = new ArrayDeque<>();

    /** The libc calls used here. */
    public interface LibC {
        int open(String path, int flags);

        int dup3(int from, int to, int flags);

        int close(int fd);
    }

    private static final class Holder {
        static final LibC C = LibraryLoader.create(LibC.class).load("c");
    }

    private LowDescriptors() {}

    /** Takes low numbers until {@value #KEEP} are kept or the next free number is 1024 or more. */
    public static synchronized void reserve() {
        while (RESERVED.size() < KEEP) {
            int fd = Holder.C.open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                return;
            }
            if (fd >= FD_SETSIZE) {
                Holder.C.close(fd);
                return;
            }
            RESERVED.push(fd);
        }
    }

    /** How many low numbers are kept now. */
    static synchronized int reserved() {
        return RESERVED.size();
    }

    /**
     * Gives a new libnftables context's netlink socket a number below 1024 if it has none. Reads
     * the socket through libnftables' and libmnl's structures: {@code struct nft_ctx} starts with
     * {@code struct mnl_socket *nf_sock}, and {@code struct mnl_socket} with {@code int fd}.
     */
    static synchronized void lowerSocket(Pointer ctx) {
        Pointer socket = ctx.getPointer(0);
        if (socket == null) {
            return;
        }
        int fd = socket.getInt(0);
        if (fd < FD_SETSIZE) {
            return;
        }
        if (!isSocket(fd)) {
            throw new IllegalStateException(
                    "libnftables' netlink socket is not where libnftables 1.0 keeps it" + " (descriptor " + fd
                            + " is no socket); its number is 1024 or more, which its select() cannot take");
        }
        reserve();
        Integer low = RESERVED.poll();
        if (low == null) {
            throw new IllegalStateException("no file descriptor below 1024 free for libnftables' netlink socket"
                    + " (it got " + fd + "; libnftables' select() cannot take that)");
        }
        if (Holder.C.dup3(fd, low, O_CLOEXEC) < 0) {
            RESERVED.push(low);
            throw new IllegalStateException("cannot move libnftables' netlink socket " + fd + " to " + low);
        }
        socket.putInt(0, low);
        Holder.C.close(fd);
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
