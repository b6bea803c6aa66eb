package org.keepalivedj.netlink.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.keepalivedj.netlink.Errno;
import org.keepalivedj.netlink.ErrnoException;

/**
 * A socket file descriptor driven through libc: the thin layer every socket kind here shares.
 * Receiving goes through one native buffer per socket, so one thread at a time may receive.
 */
public final class NativeSocket implements AutoCloseable {

    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SO_RCVBUFFORCE = 33;
    private static final int MSG_CTRUNC = 0x08;
    private static final int MSG_TRUNC = 0x20;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int SHUT_RD = 0;

    // struct msghdr, iovec and cmsghdr on LP64 Linux (x86-64, arm64).
    private static final int MSGHDR_SIZE = 56;
    private static final int IOVEC_OFFSET = MSGHDR_SIZE;
    private static final int NAME_OFFSET = IOVEC_OFFSET + 16;
    private static final int NAME_SIZE = 128;
    private static final int CONTROL_OFFSET = NAME_OFFSET + NAME_SIZE;
    private static final int CONTROL_SIZE = 512;
    private static final int DATA_OFFSET = CONTROL_OFFSET + CONTROL_SIZE;

    private final LibC libc = LibC.get();
    private final String description;
    private final int receiveCapacity;
    private volatile int fd;
    private Pointer receiveArea;
    private long currentTimeoutMillis = -1;
    /** Set by {@link #wakeReceiver()}: a receive returning then returns null, not the empty read. */
    private volatile boolean receiverWoken;
    /** sendmsg's native area, kept for the next send (one per socket: no allocation per packet). */
    private final Object sendLock = new Object();

    private Pointer sendArea;

    private NativeSocket(int fd, String description, int receiveCapacity) {
        this.fd = fd;
        this.description = description;
        this.receiveCapacity = receiveCapacity;
    }

    /** socket(2); the descriptor is close-on-exec. */
    public static NativeSocket open(int domain, int type, int protocol, String description, int receiveCapacity) {
        int fd = LibC.get().socket(domain, type | SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            int errno = LibC.errno();
            throw new ErrnoException("cannot open " + description + " socket", errno, strerror(errno));
        }
        return new NativeSocket(fd, description, receiveCapacity);
    }

    public void bind(byte[] address) {
        check(libc.bind(fd(), address, address.length), "bind");
    }

    public byte[] localAddress(int length) {
        byte[] address = new byte[length];
        int[] len = {length};
        check(libc.getsockname(fd(), address, len), "getsockname");
        return address;
    }

    public void setOption(int level, int option, int value) {
        setOption(
                level,
                option,
                ByteBuffer.allocate(4)
                        .order(ByteOrder.nativeOrder())
                        .putInt(value)
                        .array());
    }

    public void setOption(int level, int option, byte[] value) {
        check(
                libc.setsockopt(fd(), level, option, value, value.length),
                "setsockopt(level " + level + ", option " + option + ")");
    }

    public int intOption(int level, int option) {
        byte[] value = new byte[4];
        int[] len = {4};
        check(
                libc.getsockopt(fd(), level, option, value, len),
                "getsockopt(level " + level + ", option " + option + ")");
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
    }

    /** SO_BINDTODEVICE: only traffic of this interface. */
    public void bindToDevice(String interfaceName) {
        byte[] name = new byte[interfaceName.length() + 1];
        System.arraycopy(
                interfaceName.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, name, 0, interfaceName.length());
        check(
                libc.setsockopt(fd(), SOL_SOCKET, SO_BINDTODEVICE, name, name.length),
                "SO_BINDTODEVICE " + interfaceName);
    }

    public void send(byte[] data, int length) {
        long sent = libc.send(fd(), data, length, 0);
        if (sent < 0) {
            int errno = LibC.errno();
            throw new ErrnoException("send on " + description, errno, strerror(errno));
        }
    }

    public void sendTo(byte[] data, int length, byte[] address) {
        long sent = libc.sendto(fd(), data, length, 0, address, address.length);
        if (sent < 0) {
            int errno = LibC.errno();
            throw new ErrnoException("sendto on " + description, errno, strerror(errno));
        }
    }

    /**
     * sendmsg(2) with one control message (for example IP_PKTINFO to choose the source address of
     * one datagram on a shared socket). Several threads may send; they take turns at the socket's
     * one native send area.
     */
    public void sendToWithControl(byte[] data, int length, byte[] address, int level, int type, byte[] controlData) {
        sendToWithControls(data, length, address, new Control[] {new Control(level, type, controlData)});
    }

    /** One ancillary message for {@link #sendToWithControls}: cmsg_level, cmsg_type and its data. */
    public record Control(int level, int type, byte[] data) {}

    /** sendmsg with several ancillary messages (e.g. the source address and a TTL for this packet alone). */
    public void sendToWithControls(byte[] data, int length, byte[] address, Control[] controls) {
        int controlSpace = 0;
        for (Control c : controls) {
            controlSpace += (16 + c.data().length + 7) & ~7;
        }
        int nameOffset = MSGHDR_SIZE + 16;
        int controlOffset = nameOffset + ((address.length + 7) & ~7);
        int dataOffset = controlOffset + controlSpace;
        synchronized (sendLock) {
            sendMessage(sendArea(dataOffset + length), data, length, address, controls, controlOffset, controlSpace);
        }
    }

    private Pointer sendArea(int size) {
        if (sendArea == null || sendArea.size() < size) {
            sendArea = Memory.allocateDirect(LibC.Holder.RUNTIME, Math.max(size, 2048), true);
        }
        return sendArea;
    }

    private void sendMessage(
            Pointer area,
            byte[] data,
            int length,
            byte[] address,
            Control[] controls,
            int controlOffset,
            int controlSpace) {
        int nameOffset = MSGHDR_SIZE + 16;
        int dataOffset = controlOffset + controlSpace;
        long base = area.address();
        area.put(nameOffset, address, 0, address.length);
        area.put(dataOffset, data, 0, length);
        int at = controlOffset;
        for (Control c : controls) {
            int cmsgLen = 16 + c.data().length;
            area.putLong(at, cmsgLen);
            area.putInt(at + 8, c.level());
            area.putInt(at + 12, c.type());
            area.put(at + 16, c.data(), 0, c.data().length);
            at += (cmsgLen + 7) & ~7;
        }
        msghdr(area, base + nameOffset, address.length, base + MSGHDR_SIZE, base + controlOffset, controlSpace);
        area.putAddress(MSGHDR_SIZE, base + dataOffset);
        area.putLong(MSGHDR_SIZE + 8, length);
        long sent = libc.sendmsg(fd(), area, 0);
        if (sent < 0) {
            int errno = LibC.errno();
            throw new ErrnoException("sendmsg on " + description, errno, strerror(errno));
        }
    }

    /** struct msghdr at the start of the area: name, one iovec, control; flags 0. */
    private static void msghdr(Pointer area, long name, int nameLength, long iovec, long control, long controlLength) {
        area.putAddress(0, name);
        area.putInt(8, nameLength);
        area.putAddress(16, iovec);
        area.putLong(24, 1);
        area.putAddress(32, control);
        area.putLong(40, controlLength);
        area.putInt(48, 0);
    }

    /**
     * The receive loop of the packet sockets: waits until the deadline ({@link System#nanoTime()})
     * for one datagram, trying again after an interrupted call; null once the deadline has passed.
     * The socket's receive timeout is changed only when what is left is shorter, so a caller that
     * waits the same time over and over costs no setsockopt per packet.
     */
    public synchronized ReceivedMessage receiveBefore(long deadlineNanos) {
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            long millis = currentTimeoutMillis > 0 && currentTimeoutMillis * 1_000_000 <= left
                    ? currentTimeoutMillis
                    : Math.max(1, left / 1_000_000);
            ReceivedMessage m = receive(millis);
            if (m != null) {
                return m;
            }
        }
    }

    /**
     * Waits for one datagram with no timeout, so an idle receiver never wakes; null once
     * {@link #wakeReceiver()} has been called (then at once, every time).
     */
    public synchronized ReceivedMessage receiveUntilWoken() {
        while (!receiverWoken) {
            ReceivedMessage m = receive(0);
            if (m != null && !receiverWoken) {
                return m;
            }
        }
        return null;
    }

    /**
     * Ends a {@link #receiveUntilWoken()} under way, from another thread, and makes later ones return
     * null. It shuts the socket down for reading (closing it would not wake the receiver): for IPv4
     * and IPv6 raw sockets the blocked recvmsg then returns at once.
     */
    public void wakeReceiver() {
        receiverWoken = true;
        int current = fd;
        if (current >= 0) {
            // an unconnected socket answers ENOTCONN, yet marks itself shut down and wakes its readers
            libc.shutdown(current, SHUT_RD);
        }
    }

    /**
     * Waits up to the timeout for one datagram; null on timeout. A zero timeout waits forever.
     * Throws on errors other than a timeout or an interrupted call.
     */
    public synchronized ReceivedMessage receive(Duration timeout) {
        return receive(timeout.toMillis());
    }

    /**
     * One datagram if one is queued, else null at once (MSG_DONTWAIT): for a caller that waits for
     * the socket in poll or epoll. Throws on errors, as {@link #receive(Duration)}.
     */
    public synchronized ReceivedMessage receiveNow() {
        return receiveMessage(MSG_TRUNC | MSG_DONTWAIT);
    }

    private ReceivedMessage receive(long timeoutMillis) {
        setTimeout(timeoutMillis);
        return receiveMessage(MSG_TRUNC);
    }

    private ReceivedMessage receiveMessage(int receiveFlags) {
        int currentFd = fd();
        Pointer area = receiveArea();
        long base = area.address();
        msghdr(area, base + NAME_OFFSET, NAME_SIZE, base + IOVEC_OFFSET, base + CONTROL_OFFSET, CONTROL_SIZE);
        area.putAddress(IOVEC_OFFSET, base + DATA_OFFSET);
        area.putLong(IOVEC_OFFSET + 8, receiveCapacity);
        long n = libc.recvmsg(currentFd, area, receiveFlags);
        if (n < 0) {
            int errno = LibC.errno();
            if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                return null;
            }
            throw new ErrnoException("recvmsg on " + description, errno, strerror(errno));
        }
        int flags = area.getInt(48);
        boolean truncated = (flags & MSG_TRUNC) != 0 || n > receiveCapacity;
        byte[] data = new byte[(int) Math.min(n, receiveCapacity)];
        area.get(DATA_OFFSET, data, 0, data.length);
        byte[] name = new byte[Math.min(area.getInt(8), NAME_SIZE)];
        area.get(NAME_OFFSET, name, 0, name.length);
        List<ReceivedMessage.ControlMessage> controls =
                (flags & MSG_CTRUNC) != 0 ? List.of() : controls(area, area.getLong(40));
        return new ReceivedMessage(data, name, controls, truncated);
    }

    private static List<ReceivedMessage.ControlMessage> controls(Pointer area, long length) {
        List<ReceivedMessage.ControlMessage> result = new ArrayList<>(2);
        long offset = 0;
        while (offset + 16 <= length) {
            long cmsgLen = area.getLong(CONTROL_OFFSET + offset);
            if (cmsgLen < 16 || offset + cmsgLen > length) {
                break;
            }
            int level = area.getInt(CONTROL_OFFSET + offset + 8);
            int type = area.getInt(CONTROL_OFFSET + offset + 12);
            byte[] data = new byte[(int) cmsgLen - 16];
            area.get(CONTROL_OFFSET + offset + 16, data, 0, data.length);
            result.add(new ReceivedMessage.ControlMessage(level, type, data));
            offset += (cmsgLen + 7) & ~7L;
        }
        return result;
    }

    private void setTimeout(long millis) {
        if (millis == currentTimeoutMillis) {
            return;
        }
        ByteBuffer timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        timeval.putLong(millis / 1000).putLong((millis % 1000) * 1000);
        setOption(SOL_SOCKET, SO_RCVTIMEO, timeval.array());
        currentTimeoutMillis = millis;
    }

    private Pointer receiveArea() {
        if (receiveArea == null) {
            receiveArea = Memory.allocateDirect(LibC.Holder.RUNTIME, DATA_OFFSET + receiveCapacity, true);
        }
        return receiveArea;
    }

    public int fd() {
        int current = fd;
        if (current < 0) {
            throw new IllegalStateException(description + " socket is closed");
        }
        return current;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    private void check(int result, String operation) {
        if (result < 0) {
            int errno = LibC.errno();
            throw new ErrnoException(operation + " on " + description, errno, strerror(errno));
        }
    }

    public static String strerror(int errno) {
        try {
            return LibC.get().strerror(errno);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        int current = fd;
        fd = -1;
        if (current >= 0) {
            libc.close(current);
        }
    }
}
