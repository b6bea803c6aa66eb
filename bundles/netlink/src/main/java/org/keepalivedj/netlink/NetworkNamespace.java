package org.keepalivedj.netlink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.keepalivedj.netlink.internal.LibC;

/**
 * Runs code inside a named network namespace (one made by {@code ip netns add}, i.e. a file under
 * {@code /run/netns}), and makes one that is missing ({@link #createIfMissing}). The namespace is a property of a thread, so the code runs on a fresh
 * thread that joins the namespace with setns(2) and ends afterwards. Sockets opened by that code
 * belong to the namespace for their whole life, whichever thread uses them later.
 */
public final class NetworkNamespace {

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int EINVAL = 22;
    private static final long MS_BIND = 4096;
    private static final long MS_REC = 16384;
    private static final long MS_SHARED = 1 << 20;
    private static final int MNT_DETACH = 2;
    /** Where ip netns keeps its namespaces (Debian links /var/run here). */
    static final Path DIRECTORY = Path.of("/run/netns");

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
        String path = path(namespace).toString();
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

    /** Whether a namespace of this name exists (a file under /run/netns). */
    public static boolean exists(String namespace) {
        return Files.exists(path(namespace));
    }

    /**
     * Makes the named namespace as {@code ip netns add} does, unless it exists: a new network
     * namespace (unshare(2) on a thread of its own, which then ends) kept alive by a bind mount of
     * that thread's namespace onto {@code /run/netns/NAME}, the directory made a shared mount point
     * first so other mount namespaces see it. Returns whether it made it. Nothing removes it later:
     * it outlives the daemon, as one made with ip does.
     */
    public static synchronized boolean createIfMissing(String namespace) {
        Path file = path(namespace);
        if (Files.exists(file)) {
            return false;
        }
        LibC libc = LibC.get();
        try {
            Files.createDirectories(DIRECTORY);
            shareDirectory(libc);
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " (network namespace " + namespace + ")", e);
        }
        try {
            onNewThread(namespace, () -> {
                if (libc.unshare(CLONE_NEWNET) != 0) {
                    throw failure(libc, "unshare a new network namespace for " + namespace);
                }
                if (libc.mount("/proc/thread-self/ns/net", file.toString(), "none", MS_BIND, null) != 0) {
                    throw failure(libc, "bind mount the new network namespace onto " + file);
                }
            });
            return true;
        } catch (RuntimeException e) {
            libc.umount2(file.toString(), MNT_DETACH);
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the original failure says more
            }
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path of a namespace's file; the name must be a plain file name. */
    static Path path(String namespace) {
        if (namespace.isEmpty() || namespace.contains("/") || namespace.equals(".") || namespace.equals("..")) {
            throw new IllegalArgumentException("not a network namespace name: '" + namespace + "'");
        }
        return DIRECTORY.resolve(namespace);
    }

    /** As ip does: make /run/netns a shared mount point, bind-mounting it onto itself when it is none. */
    private static void shareDirectory(LibC libc) {
        String dir = DIRECTORY.toString();
        if (libc.mount("", dir, "none", MS_SHARED | MS_REC, null) == 0) {
            return;
        }
        if (LibC.errno() != EINVAL) {
            throw failure(libc, "make " + dir + " a shared mount point");
        }
        if (libc.mount(dir, dir, "none", MS_BIND | MS_REC, null) != 0
                || libc.mount("", dir, "none", MS_SHARED | MS_REC, null) != 0) {
            throw failure(libc, "make " + dir + " a shared mount point");
        }
    }

    /** unshare(2) changes the calling thread for good: run it on a thread that ends afterwards. */
    private static Void onNewThread(String namespace, Runnable work) throws Exception {
        FutureTask<Void> task = new FutureTask<>(work, null);
        Thread thread = new Thread(task, "netns-create-" + namespace);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static ErrnoException failure(LibC libc, String what) {
        int errno = LibC.errno();
        return new ErrnoException(what, errno, libc.strerror(errno));
    }
}
