package org.keepalivedj.netlink;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.keepalivedj.netlink.internal.LibC;

/**
 * Runs code inside a named network namespace (one made by {@code ip netns add}, i.e. a file under
 * {@code /var/run/netns}). The namespace is a property of a thread, so the code runs on a fresh
 * thread that joins the namespace with setns(2) and ends afterwards. Sockets opened by that code
 * belong to the namespace for their whole life, whichever thread uses them later.
 */
public final class NetworkNamespace {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    private NetworkNamespace() {}

    /** Runs the task in the namespace and returns its result. A null name means "this namespace". */
    public static <T> T call(String namespace, Callable<T> task) throws Exception {
        if (namespace == null) {
            return task.call();
        }
        FutureTask<T> future = new FutureTask<>(() -> {
            enter(namespace);
            return task.call();
        });
        Thread thread = new Thread(future, "netns-" + namespace);
        thread.setDaemon(true);
        thread.start();
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    /** Moves the calling thread into the namespace. Only for threads that will stay there. */
    public static void enter(String namespace) {
        if (namespace.contains("/")) {
            throw new IllegalArgumentException("namespace name must not contain '/': " + namespace);
        }
        String path = "/var/run/netns/" + namespace;
        LibC libc = LibC.get();
        int fd = libc.open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            int errno = LibC.errno();
            throw new ErrnoException(
                    "open " + path + " (network namespace " + namespace + ")", errno, libc.strerror(errno));
        }
        try {
            if (libc.setns(fd, CLONE_NEWNET) != 0) {
                int errno = LibC.errno();
                throw new ErrnoException("setns into network namespace " + namespace, errno, libc.strerror(errno));
            }
        } finally {
            libc.close(fd);
        }
    }
}
