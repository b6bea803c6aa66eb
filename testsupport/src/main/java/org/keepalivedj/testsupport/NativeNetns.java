package org.keepalivedj.testsupport;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** setns(2) through jnr-ffi. A network namespace is a property of the calling thread. */
final class NativeNetns {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    /** The few libc functions we need. */
    public interface LibC {
        int open(String path, int flags);

        int setns(int fd, int nstype);

        int close(int fd);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    }

    private NativeNetns() {}

    /** Moves the calling thread into the named namespace (one made by {@code ip netns add}). */
    static void enter(String namespace) {
        LibC libc = Holder.LIBC;
        String path = "/var/run/netns/" + namespace;
        int fd = libc.open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("cannot open " + path + ": errno " + lastError());
        }
        try {
            if (libc.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns(" + path + ") failed: errno " + lastError());
            }
        } finally {
            libc.close(fd);
        }
    }

    private static int lastError() {
        return Runtime.getRuntime(Holder.LIBC).getLastError();
    }
}
