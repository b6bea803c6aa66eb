package org.keepalivedj.netlink;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.keepalivedj.netlink.internal.LibC;
import org.keepalivedj.netlink.internal.SocketAddresses;

/**
 * A TCP connect probe on one non-blocking socket that is kept between probes: a probe is a connect,
 * a look at its outcome, optionally a request sent and an answer received without waiting, and a
 * disconnect (connect to AF_UNSPEC), which resets the connection as a close with SO_LINGER 0 would,
 * without freeing and allocating a socket and a file each time. On a local server a connect-only
 * probe is three or four system calls. The socket is created on the thread of the first
 * {@link #start}, so it lives in that thread's network namespace. Not thread-safe: one owner at a
 * time.
 */
public final class TcpProbe implements AutoCloseable {
    /** What a connect came to. */
    public enum State {
        CONNECTED,
        PENDING,
        FAILED
    }

    private static final int SOCK_STREAM = 1;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_ERROR = 4;
    private static final int SO_LINGER = 13;
    private static final short POLLOUT = 4;
    private static final int POLLERR = 8;
    private static final int POLLHUP = 16;
    private static final int EINPROGRESS = 115;
    private static final int EALREADY = 114;
    private static final int EISCONN = 106;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** {@link #receive}: the peer closed its side. */
    public static final int PEER_CLOSED = -1;
    /** {@link #receive}: an error ({@link #errno()}). */
    public static final int RECEIVE_FAILED = -2;

    private static final byte[] LINGER_RESET = {1, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] UNSPEC = new byte[16];

    private final LibC libc = LibC.get();
    private final boolean v6;
    private final byte[] to;
    private final byte[] from;
    private final byte[] pollFd = new byte[8];
    private final byte[] intValue = new byte[4];
    private final int[] intLength = new int[1];
    private byte[] outgoing = new byte[0];
    private int fd = -1;
    private int errno;

    /** @param from local address and port to bind (bindto / bind_port), or null */
    public TcpProbe(InetSocketAddress to, InetSocketAddress from) {
        this.v6 = to.getAddress() instanceof Inet6Address;
        this.to = withPort(SocketAddresses.of(to.getAddress(), scope(to)), to.getPort());
        this.from = from == null ? null : withPort(SocketAddresses.of(from.getAddress(), scope(from)), from.getPort());
    }

    private static int scope(InetSocketAddress a) {
        return a.getAddress() instanceof Inet6Address six ? six.getScopeId() : 0;
    }

    private static byte[] withPort(byte[] sockaddr, int port) {
        sockaddr[2] = (byte) (port >> 8);
        sockaddr[3] = (byte) port;
        return sockaddr;
    }

    /** Starts a connect: CONNECTED at once (a local server), PENDING, or FAILED ({@link #errno()}). */
    public State start() {
        if (fd < 0 && !open()) {
            return State.FAILED;
        }
        if (libc.connect(fd, to, to.length) == 0) {
            return State.CONNECTED;
        }
        int e = LibC.errno();
        if (e == EINPROGRESS || e == EALREADY) {
            return outcome();
        }
        if (e == EISCONN) {
            return State.CONNECTED;
        }
        errno = e;
        return State.FAILED;
    }

    /** Where a started connect stands now (after the socket became writable, or at any time). */
    public State outcome() {
        pollFd[0] = (byte) fd;
        pollFd[1] = (byte) (fd >> 8);
        pollFd[2] = (byte) (fd >> 16);
        pollFd[3] = (byte) (fd >> 24);
        pollFd[4] = POLLOUT;
        pollFd[5] = 0;
        pollFd[6] = 0;
        pollFd[7] = 0;
        if (libc.poll(pollFd, 1, 0) <= 0) {
            return State.PENDING;
        }
        int revents = (pollFd[6] & 0xff) | (pollFd[7] & 0xff) << 8;
        if ((revents & (POLLERR | POLLHUP)) != 0) {
            int e = pendingError();
            errno = e != 0 ? e : Errno.ECONNREFUSED;
            return State.FAILED;
        }
        return (revents & POLLOUT) != 0 ? State.CONNECTED : State.PENDING;
    }

    /**
     * Sends what remains of data on the connected socket without waiting, as much as the socket takes
     * now (data's position moves past it; nothing, when its buffer is full); false on an error
     * ({@link #errno()}).
     */
    public boolean send(ByteBuffer data) {
        int n = data.remaining();
        if (outgoing.length < n) {
            outgoing = new byte[n];
        }
        data.duplicate().get(outgoing, 0, n);
        long sent = libc.send(fd, outgoing, n, MSG_NOSIGNAL); // an EPIPE, not a SIGPIPE
        if (sent >= 0) {
            data.position(data.position() + (int) sent);
            return true;
        }
        int e = LibC.errno();
        if (e == Errno.EAGAIN || e == Errno.EINTR) {
            return true;
        }
        errno = e;
        return false;
    }

    /**
     * Receives what has arrived into into (best a direct buffer: filled in place) without waiting: the
     * number of bytes (into's position moves past them), 0 when nothing has arrived yet,
     * {@link #PEER_CLOSED} or {@link #RECEIVE_FAILED}.
     */
    public int receive(ByteBuffer into) {
        long n = libc.recv(fd, into, into.remaining(), 0);
        if (n > 0) {
            into.position(into.position() + (int) n);
            return (int) n;
        }
        if (n == 0) {
            return into.hasRemaining() ? PEER_CLOSED : 0;
        }
        int e = LibC.errno();
        if (e == Errno.EAGAIN || e == Errno.EINTR) {
            return 0;
        }
        errno = e;
        return RECEIVE_FAILED;
    }

    /**
     * Ends the probe: a connection is reset (RST), a connect under way abandoned, and the error it left
     * cleared, so the socket is ready for the next {@link #start}. A socket that cannot be reset is
     * closed; the next start opens a new one.
     */
    public void reset() {
        if (fd < 0) {
            return;
        }
        if (libc.connect(fd, UNSPEC, UNSPEC.length) != 0) {
            closeSocket();
            return;
        }
        pendingError();
    }

    /** The socket's file descriptor (for epoll), or -1 before the first start. */
    public int fd() {
        return fd;
    }

    /** errno of the last FAILED. */
    public int errno() {
        return errno;
    }

    /** The kernel's words for {@link #errno()}, as a log line continues them ("connection refused"). */
    public String error() {
        String s = libc.strerror(errno);
        return s == null || s.isEmpty() ? Errno.name(errno) : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private boolean open() {
        int s = libc.socket(
                v6 ? SocketAddresses.AF_INET6 : SocketAddresses.AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (s < 0) {
            errno = LibC.errno();
            return false;
        }
        if (libc.setsockopt(s, SOL_SOCKET, SO_LINGER, LINGER_RESET, LINGER_RESET.length) != 0
                || (from != null && libc.bind(s, from, from.length) != 0)) {
            errno = LibC.errno();
            libc.close(s);
            return false;
        }
        fd = s;
        return true;
    }

    /** SO_ERROR: reads and clears the socket's pending error. */
    private int pendingError() {
        intLength[0] = 4;
        if (libc.getsockopt(fd, SOL_SOCKET, SO_ERROR, intValue, intLength) != 0) {
            return LibC.errno();
        }
        return (intValue[0] & 0xff)
                | (intValue[1] & 0xff) << 8
                | (intValue[2] & 0xff) << 16
                | (intValue[3] & 0xff) << 24;
    }

    private void closeSocket() {
        if (fd >= 0) {
            libc.close(fd);
            fd = -1;
        }
    }

    @Override
    public void close() {
        closeSocket();
    }
}
