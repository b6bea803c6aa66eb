package org.keepalivedj.netlink;

import org.keepalivedj.netlink.internal.LibC;

/**
 * A minimal epoll set for one waiting thread: file descriptors waited on for writability (a connect
 * finishing), each once (EPOLLONESHOT), or for readability for as long as they are open, identified
 * by an int token; and an eventfd other threads use to wake the waiter. {@link #awaitOnce} and
 * {@link #wakeup} may be called from any thread; the other methods from the waiting thread only.
 */
public final class Epoll implements AutoCloseable {
    private static final int EPOLL_CLOEXEC = 02000000;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLL_CTL_MOD = 3;
    private static final int EPOLLIN = 0x001;
    private static final int EPOLLOUT = 0x004;
    private static final int EPOLLONESHOT = 1 << 30;
    private static final int EFD_NONBLOCK = 04000;
    private static final int EFD_CLOEXEC = 02000000;
    private static final int EVENT_SIZE = 12;
    /** The token the wake-up eventfd reports with; callers' tokens must be >= 0. */
    public static final int WAKEUP = -1;

    private final LibC libc = LibC.get();
    private final int epfd;
    private final int wakeFd;
    private final byte[] event = new byte[EVENT_SIZE];
    private final byte[] events;
    private final byte[] counter = new byte[8];
    private final byte[] one = {1, 0, 0, 0, 0, 0, 0, 0};

    public Epoll(int maxEvents) {
        epfd = libc.epoll_create1(EPOLL_CLOEXEC);
        if (epfd < 0) {
            int e = LibC.errno();
            throw new ErrnoException("epoll_create1", e, libc.strerror(e));
        }
        wakeFd = libc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (wakeFd < 0) {
            int e = LibC.errno();
            libc.close(epfd);
            throw new ErrnoException("eventfd", e, libc.strerror(e));
        }
        events = new byte[EVENT_SIZE * maxEvents];
        control(EPOLL_CTL_ADD, wakeFd, EPOLLIN, WAKEUP);
    }

    /** Waits once for fd to become writable (or fail); the token comes back from {@link #await}. */
    public void awaitWritable(int fd, int token) {
        control(EPOLL_CTL_ADD, fd, EPOLLOUT | EPOLLONESHOT, token);
    }

    /** Watches fd for input (or an error) until it is removed or closed: level-triggered, each await reports it. */
    public void watchReadable(int fd, int token) {
        control(EPOLL_CTL_ADD, fd, EPOLLIN, token);
    }

    /**
     * Waits once (EPOLLONESHOT) for fd to become writable or readable (or fail), whether fd is in the set
     * already or not: a socket kept in the set between waits is re-armed with one call. From any thread;
     * a thread blocked in {@link #await} sees the new wait.
     */
    public void awaitOnce(int fd, boolean writable, int token) {
        byte[] e = new byte[EVENT_SIZE]; // not the shared one: callers may be on other threads
        int mask = (writable ? EPOLLOUT : EPOLLIN) | EPOLLONESHOT;
        encode(e, mask, token);
        if (libc.epoll_ctl(epfd, EPOLL_CTL_MOD, fd, e) == 0) {
            return;
        }
        int errno = LibC.errno();
        if (errno == Errno.ENOENT) {
            if (libc.epoll_ctl(epfd, EPOLL_CTL_ADD, fd, e) == 0) {
                return;
            }
            errno = LibC.errno();
        }
        throw new ErrnoException("epoll_ctl", errno, libc.strerror(errno));
    }

    /** Stops watching fd (before it is reused or closed). */
    public void remove(int fd) {
        libc.epoll_ctl(epfd, EPOLL_CTL_DEL, fd, event);
    }

    /**
     * Waits up to timeoutMillis (-1: for ever) and puts the tokens of the ready descriptors into tokens;
     * returns how many. A wake-up reports {@link #WAKEUP} once and is reset.
     */
    public int await(int[] tokens, int timeoutMillis) {
        int n = libc.epoll_wait(epfd, events, Math.min(tokens.length, events.length / EVENT_SIZE), timeoutMillis);
        if (n < 0) {
            return 0; // EINTR: the caller loops anyway
        }
        for (int i = 0; i < n; i++) {
            int o = i * EVENT_SIZE + 4; // the 64-bit data follows the 32-bit events (packed)
            int token = (events[o] & 0xff)
                    | (events[o + 1] & 0xff) << 8
                    | (events[o + 2] & 0xff) << 16
                    | (events[o + 3] & 0xff) << 24;
            if (token == WAKEUP) {
                libc.read(wakeFd, counter, 8);
            }
            tokens[i] = token;
        }
        return n;
    }

    /** Wakes the thread in {@link #await} (from any thread). */
    public void wakeup() {
        libc.write(wakeFd, one, 8);
    }

    private static void encode(byte[] event, int mask, int token) {
        event[0] = (byte) mask;
        event[1] = (byte) (mask >> 8);
        event[2] = (byte) (mask >> 16);
        event[3] = (byte) (mask >> 24);
        for (int i = 0; i < 8; i++) {
            event[4 + i] = (byte) (i < 4 ? token >> (8 * i) : (token < 0 ? 0xff : 0));
        }
    }

    private void control(int op, int fd, int mask, int token) {
        encode(event, mask, token);
        if (libc.epoll_ctl(epfd, op, fd, event) != 0) {
            int e = LibC.errno();
            throw new ErrnoException("epoll_ctl", e, libc.strerror(e));
        }
    }

    @Override
    public void close() {
        libc.close(wakeFd);
        libc.close(epfd);
    }
}
