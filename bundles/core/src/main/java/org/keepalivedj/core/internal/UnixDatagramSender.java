package org.keepalivedj.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * Sends datagrams to one AF_UNIX datagram socket (a path, or an abstract name written with a
 * leading '@'). The JDK's DatagramChannel has no AF_UNIX on Java 17, so this goes through libc
 * with jnr-ffi.
 */
public final class UnixDatagramSender implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sun_path) in struct sockaddr_un. */
    private static final int SUN_PATH = 108;

    /** The libc calls used here. */
    public interface LibC {
        int socket(int domain, int type, int protocol);

        @ssize_t long sendto(int fd, @In byte[] buffer, @size_t long length, int flags, @In byte[] address, int addressLength);

        int close(int fd);

        String strerror(int errno);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    private final byte[] address;
    private final String target;
    private int fd;

    private UnixDatagramSender(String target, byte[] address, int fd) {
        this.target = target;
        this.address = address;
        this.fd = fd;
    }

    /** Opens a socket that sends to {@code target}; throws when the name is too long or no socket can be made. */
    static UnixDatagramSender open(String target) throws IOException {
        byte[] address = sockaddr(target);
        int fd = Holder.LIBC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM): " + lastError());
        }
        return new UnixDatagramSender(target, address, fd);
    }

    /** struct sockaddr_un: family (host byte order, x86 and arm64 are little endian), then the path. */
    static byte[] sockaddr(String target) throws IOException {
        boolean abstractName = target.startsWith("@");
        byte[] path = target.getBytes(StandardCharsets.UTF_8);
        if (path.length == 0 || path.length >= SUN_PATH) {
            throw new IOException("unix socket name '" + target + "' must be 1 to " + (SUN_PATH - 1) + " bytes");
        }
        // A path is NUL-terminated; an abstract name starts with NUL and its length is exact.
        byte[] address = new byte[2 + path.length + (abstractName ? 0 : 1)];
        address[0] = (byte) AF_UNIX;
        System.arraycopy(path, 0, address, 2, path.length);
        if (abstractName) {
            address[2] = 0;
        }
        return address;
    }

    synchronized void send(String message) throws IOException {
        if (fd < 0) {
            throw new IOException("closed");
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        long sent = Holder.LIBC.sendto(fd, bytes, bytes.length, MSG_NOSIGNAL, address, address.length);
        if (sent != bytes.length) {
            throw new IOException("sendto " + target + ": " + (sent < 0 ? lastError() : "short write"));
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            Holder.LIBC.close(fd);
            fd = -1;
        }
    }

    private static String lastError() {
        int errno = Holder.RUNTIME.getLastError();
        return Holder.LIBC.strerror(errno) + " (errno " + errno + ")";
    }
}
