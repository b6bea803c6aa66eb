package org.keepalivedj.netlink;

import java.nio.charset.StandardCharsets;
import org.keepalivedj.netlink.internal.NativeSocket;

/**
 * Sends datagrams to one AF_UNIX datagram socket: a path, or an abstract name written with a
 * leading '@' (systemd's NOTIFY_SOCKET is either). Java 17's DatagramChannel has no AF_UNIX.
 */
public final class UnixDatagramSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    /** sizeof(sun_path) in struct sockaddr_un. */
    private static final int SUN_PATH = 108;

    private final NativeSocket socket;
    private final byte[] address;

    private UnixDatagramSocket(NativeSocket socket, byte[] address) {
        this.socket = socket;
        this.address = address;
    }

    /** A socket that sends to {@code target}; throws when the name is too long or no socket can be made. */
    public static UnixDatagramSocket connectTo(String target) {
        byte[] address = sockaddr(target);
        return new UnixDatagramSocket(
                NativeSocket.open(AF_UNIX, SOCK_DGRAM, 0, "unix datagram to " + target, 0), address);
    }

    /** struct sockaddr_un: the family in host byte order, then the path (NUL-terminated) or the abstract name. */
    public static byte[] sockaddr(String target) {
        boolean abstractName = target.startsWith("@");
        byte[] path = target.getBytes(StandardCharsets.UTF_8);
        if (path.length == 0 || path.length >= SUN_PATH) {
            throw new IllegalArgumentException(
                    "unix socket name '" + target + "' must be 1 to " + (SUN_PATH - 1) + " bytes");
        }
        // an abstract name starts with NUL and its length is exact
        byte[] address = new byte[2 + path.length + (abstractName ? 0 : 1)];
        java.nio.ByteBuffer.wrap(address)
                .order(java.nio.ByteOrder.nativeOrder())
                .putShort((short) AF_UNIX);
        System.arraycopy(path, 0, address, 2, path.length);
        if (abstractName) {
            address[2] = 0;
        }
        return address;
    }

    /** Sends one datagram; throws {@link ErrnoException} when the kernel refuses it. */
    public synchronized void send(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.sendTo(bytes, bytes.length, address);
    }

    @Override
    public synchronized void close() {
        socket.close();
    }
}
