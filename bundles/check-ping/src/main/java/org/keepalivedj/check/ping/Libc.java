package org.keepalivedj.check.ping;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** The few libc calls an ICMP socket needs, bound with jnr-ffi. */
public interface Libc {
    int socket(int domain, int type, int protocol);

    int setsockopt(int fd, int level, int option, @In byte[] value, int length);

    @ssize_t long sendto(int fd, @In byte[] buffer, @size_t long length, int flags, @In byte[] address, int addressLength);

    @ssize_t long recvfrom(int fd, @Out byte[] buffer, @size_t long length, int flags, @Out byte[] address,
                           @In @Out int[] addressLength);

    int close(int fd);

    String strerror(int errno);

    /** Loaded on first use; jnr-ffi generates the binding class then. */
    final class Holder {
        static final Libc LIBC = LibraryLoader.create(Libc.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

        private Holder() {
        }
    }

    static Libc get() {
        return Holder.LIBC;
    }

    static int errno() {
        return Holder.RUNTIME.getLastError();
    }
}
