package org.keepalivedj.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * A bound AF_UNIX datagram socket for tests: what systemd listens on as NOTIFY_SOCKET. A name
 * starting with '@' is an abstract socket name.
 */
public final class UnixDatagramReceiver implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;

    public interface LibC {
        int socket(int domain, int type, int protocol);

        int bind(int fd, @In byte[] address, int length);

        int setsockopt(int fd, int level, int option, @In byte[] value, int length);

        @ssize_t
        long recv(int fd, @Out byte[] buffer, @size_t long length, int flags);

        int close(int fd);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private final int fd;

    private UnixDatagramReceiver(int fd) {
        this.fd = fd;
    }

    public static UnixDatagramReceiver bind(String name) throws IOException {
        int fd = LIBC.socket(AF_UNIX, SOCK_DGRAM, 0);
        if (fd < 0) {
            throw new IOException("socket: errno " + Runtime.getSystemRuntime().getLastError());
        }
        byte[] address = sockaddr(name);
        if (LIBC.bind(fd, address, address.length) != 0) {
            int errno = Runtime.getSystemRuntime().getLastError();
            LIBC.close(fd);
            throw new IOException("bind " + name + ": errno " + errno);
        }
        return new UnixDatagramReceiver(fd);
    }

    /** The next datagram as text, or null when none arrives within the timeout. */
    public String receive(Duration timeout) {
        byte[] timeval = new byte[16];
        java.nio.ByteBuffer.wrap(timeval)
                .order(java.nio.ByteOrder.nativeOrder())
                .putLong(timeout.toSeconds())
                .putLong(timeout.toMillisPart() * 1000L);
        LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeval, timeval.length);
        byte[] buffer = new byte[4096];
        long n = LIBC.recv(fd, buffer, buffer.length, 0);
        return n < 0 ? null : new String(buffer, 0, (int) n, StandardCharsets.UTF_8);
    }

    /** struct sockaddr_un (little-endian family); an abstract name starts with NUL and has no terminator. */
    static byte[] sockaddr(String name) throws IOException {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        if (path.length == 0 || path.length > 107) {
            throw new IOException("unix socket name too long or empty: " + name);
        }
        boolean abstractName = name.startsWith("@");
        byte[] address = new byte[2 + path.length + (abstractName ? 0 : 1)];
        address[0] = AF_UNIX;
        System.arraycopy(path, 0, address, 2, path.length);
        if (abstractName) {
            address[2] = 0;
        }
        return address;
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
