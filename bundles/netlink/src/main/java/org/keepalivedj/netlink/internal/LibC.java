package org.keepalivedj.netlink.internal;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** The libc calls this bundle needs, bound with jnr-ffi. */
public interface LibC {

    int socket(int domain, int type, int protocol);

    int bind(int fd, @In byte[] address, int length);

    int getsockname(int fd, @Out byte[] address, @In @Out int[] length);

    @ssize_t
    long send(int fd, @In byte[] buffer, @size_t long length, int flags);

    /** buffer: a direct buffer is filled in place from its position; a heap buffer through a copy. */
    @ssize_t
    long recv(int fd, @Out java.nio.ByteBuffer buffer, @size_t long length, int flags);

    @ssize_t
    long sendto(int fd, @In byte[] buffer, @size_t long length, int flags, @In byte[] address, int addressLength);

    @ssize_t
    long recvmsg(int fd, Pointer message, int flags);

    @ssize_t
    long sendmsg(int fd, Pointer message, int flags);

    int setsockopt(int fd, int level, int option, @In byte[] value, int length);

    int getsockopt(int fd, int level, int option, @Out byte[] value, @In @Out int[] length);

    int close(int fd);

    int dup3(int from, int to, int flags);

    int shutdown(int fd, int how);

    int connect(int fd, @In byte[] address, int length);

    /** fds: an array of struct pollfd (8 bytes each: int fd, short events, short revents). */
    int poll(@In @Out byte[] fds, long count, int timeoutMillis);

    int epoll_create1(int flags);

    /** event: struct epoll_event, packed on x86_64 (12 bytes: uint32 events, uint64 data). */
    int epoll_ctl(int epfd, int op, int fd, @In byte[] event);

    int epoll_wait(int epfd, @Out byte[] events, int maxEvents, int timeoutMillis);

    int eventfd(int initialValue, int flags);

    @ssize_t
    long read(int fd, @Out byte[] buffer, @size_t long length);

    @ssize_t
    long write(int fd, @In byte[] buffer, @size_t long length);

    int open(String path, int flags);

    int setns(int fd, int nstype);

    int unshare(int flags);

    /** mountflags is an unsigned long: 64 bits on the platforms we run on. */
    int mount(String source, String target, String filesystemType, long mountFlags, Pointer data);

    int umount2(String target, int flags);

    String strerror(int errno);

    int if_nametoindex(String name);

    /** Loaded once; jnr-ffi generates the binding class the first time. */
    final class Holder {
        public static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        public static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

        private Holder() {}
    }

    static LibC get() {
        return Holder.LIBC;
    }

    static int errno() {
        return Holder.RUNTIME.getLastError();
    }
}
