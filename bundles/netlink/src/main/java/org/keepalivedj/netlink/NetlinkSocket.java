package org.keepalivedj.netlink;

import static org.keepalivedj.netlink.NetlinkConstants.NLMSG_DONE;
import static org.keepalivedj.netlink.NetlinkConstants.NLMSG_ERROR;
import static org.keepalivedj.netlink.NetlinkConstants.NLM_F_ACK;
import static org.keepalivedj.netlink.NetlinkConstants.NLM_F_ACK_TLVS;
import static org.keepalivedj.netlink.NetlinkConstants.NLM_F_CAPPED;
import static org.keepalivedj.netlink.NetlinkConstants.NLM_F_DUMP;
import static org.keepalivedj.netlink.NetlinkConstants.NLM_F_REQUEST;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.keepalivedj.netlink.internal.NativeSocket;
import org.keepalivedj.netlink.internal.ReceivedMessage;

/**
 * An AF_NETLINK socket: requests with sequence numbers and ACKs, multipart dumps, and
 * NLMSG_ERROR turned into {@link NetlinkException}. Requests are serialised (one in flight).
 * It lives in the network namespace of the thread that opened it (see {@link NetworkNamespace}).
 */
public final class NetlinkSocket implements AutoCloseable {

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_ADD_MEMBERSHIP = 1;
    private static final int NETLINK_DROP_MEMBERSHIP = 2;
    private static final int NETLINK_CAP_ACK = 10;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int RECEIVE_BUFFER = 256 * 1024;
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REPLY_POLL = Duration.ofMillis(500);

    private final NativeSocket socket;
    private final int protocol;
    private final int portId;
    private final AtomicInteger sequence = new AtomicInteger((int) (System.nanoTime() & 0xffff) + 1);
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();

    private NetlinkSocket(NativeSocket socket, int protocol, int portId) {
        this.socket = socket;
        this.protocol = protocol;
        this.portId = portId;
    }

    /** Opens a socket of the protocol ({@link NetlinkConstants#NETLINK_ROUTE}, ...) for requests. */
    public static NetlinkSocket open(int protocol) {
        return open(protocol, 0);
    }

    /** Opens a socket that also receives the multicast groups in the legacy bit mask. */
    public static NetlinkSocket open(int protocol, int groups) {
        NativeSocket s = NativeSocket.open(AF_NETLINK, SOCK_RAW, protocol, "netlink(" + protocol + ")", RECEIVE_BUFFER);
        try {
            // Short ACKs with the kernel's own explanation of an error, when it has one.
            s.setOption(SOL_NETLINK, NETLINK_CAP_ACK, 1);
            s.setOption(SOL_NETLINK, NETLINK_EXT_ACK, 1);
            s.bind(sockaddr(0, groups));
            ByteBuffer local = ByteBuffer.wrap(s.localAddress(12)).order(ByteOrder.nativeOrder());
            return new NetlinkSocket(s, protocol, local.getInt(4));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    static byte[] sockaddr(int pid, int groups) {
        return ByteBuffer.allocate(12)
                .order(ByteOrder.nativeOrder())
                .putShort((short) AF_NETLINK)
                .putShort((short) 0)
                .putInt(pid)
                .putInt(groups)
                .array();
    }

    public int portId() {
        return portId;
    }

    public int protocol() {
        return protocol;
    }

    /** Joins a multicast group by number (needed for groups above 32). */
    public void joinGroup(int group) {
        socket.setOption(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group);
    }

    public void leaveGroup(int group) {
        socket.setOption(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group);
    }

    /** Sets the receive buffer, above the system maximum when the process may (CAP_NET_ADMIN). */
    public void setReceiveBuffer(int bytes) {
        try {
            socket.setOption(NativeSocket.SOL_SOCKET, NativeSocket.SO_RCVBUFFORCE, bytes);
        } catch (ErrnoException e) {
            socket.setOption(NativeSocket.SOL_SOCKET, NativeSocket.SO_RCVBUF, bytes);
        }
    }

    /** The receive buffer size the kernel granted (it doubles what was asked, for its bookkeeping). */
    public int receiveBuffer() {
        return socket.intOption(NativeSocket.SOL_SOCKET, NativeSocket.SO_RCVBUF);
    }

    /**
     * Sends a request with NLM_F_ACK and waits for the kernel's answer: the replies that came
     * before the ACK (for a GET), or none.
     *
     * @throws NetlinkException when the kernel answers with an error
     */
    public synchronized List<NetlinkMessage> request(NetlinkMessageBuilder message) {
        int seq = nextSequence();
        byte[] bytes = message.build(seq, 0, NLM_F_REQUEST | NLM_F_ACK);
        socket.send(bytes, bytes.length);
        return collect(seq, message.description(), false);
    }

    /** Sends a dump request (NLM_F_DUMP) and collects every part until NLMSG_DONE. */
    public synchronized List<NetlinkMessage> dump(NetlinkMessageBuilder message) {
        int seq = nextSequence();
        byte[] bytes = message.build(seq, 0, NLM_F_REQUEST | NLM_F_DUMP);
        socket.send(bytes, bytes.length);
        return collect(seq, message.description(), true);
    }

    private List<NetlinkMessage> collect(int seq, String description, boolean dump) {
        List<NetlinkMessage> replies = new ArrayList<>();
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new NetlinkException(
                        description + ": no answer from the kernel within " + REPLY_TIMEOUT, 110, null);
            }
            // A fixed poll interval: the timeout is a socket option, and setting it per call would
            // cost a system call per request.
            ReceivedMessage received = socket.receive(REPLY_POLL);
            if (received == null) {
                continue;
            }
            NetlinkMessage.Batch batch = NetlinkMessage.parseAll(received.data(), received.data().length);
            if (batch.malformed() || received.truncated()) {
                malformed.incrementAndGet();
            }
            for (NetlinkMessage m : batch.messages()) {
                if (m.sequence() != seq || m.portId() != portId && m.portId() != 0) {
                    stale.incrementAndGet();
                    continue;
                }
                if (m.type() == NLMSG_ERROR) {
                    int errno = errorCode(m);
                    if (errno != 0) {
                        throw new NetlinkException(description, errno, extendedMessage(m));
                    }
                    return replies;
                }
                if (m.type() == NLMSG_DONE) {
                    int errno = m.payload().remaining() >= 4 ? -m.body().getInt(0) : 0;
                    if (errno > 0) {
                        throw new NetlinkException(description, errno, null);
                    }
                    if (dump) {
                        return replies;
                    }
                    continue;
                }
                replies.add(m);
            }
        }
    }

    /** The errno of an NLMSG_ERROR message (0 for an ACK). */
    static int errorCode(NetlinkMessage error) {
        return error.payload().remaining() >= 4 ? -error.body().getInt(0) : 0;
    }

    /** The kernel's text from an extended ACK, or null. */
    static String extendedMessage(NetlinkMessage error) {
        if ((error.flags() & NLM_F_ACK_TLVS) == 0 || error.payload().remaining() < 20) {
            return null;
        }
        long offset = 4 + NetlinkConstants.HEADER_SIZE;
        if ((error.flags() & NLM_F_CAPPED) == 0) {
            // the echoed request's length, as sent: a garbled one must not move us outside the message
            long echoed = Integer.toUnsignedLong(error.body().getInt(4));
            offset = 4 + ((echoed + 3) & ~3L);
        }
        if (offset > error.payload().remaining()) {
            return null;
        }
        return NetlinkAttributes.parse(error.body().position((int) offset).slice())
                .string(NetlinkConstants.NLMSGERR_ATTR_MSG);
    }

    /**
     * Waits for the next datagram (events on a socket opened with groups). Returns an empty list
     * on timeout. Malformed datagrams are counted and what parsed is returned.
     */
    public List<NetlinkMessage> receive(Duration timeout) {
        return messages(socket.receive(timeout));
    }

    /** The next datagram if one is queued, else an empty list at once (the caller polls {@link #fd()}). */
    List<NetlinkMessage> receiveNow() {
        return messages(socket.receiveNow());
    }

    private List<NetlinkMessage> messages(ReceivedMessage received) {
        if (received == null) {
            return List.of();
        }
        NetlinkMessage.Batch batch = NetlinkMessage.parseAll(received.data(), received.data().length);
        if (batch.malformed() || received.truncated()) {
            malformed.incrementAndGet();
        }
        return batch.messages();
    }

    /** Sends a message without waiting for anything (the caller reads with {@link #receive}). */
    public int send(NetlinkMessageBuilder message, int extraFlags) {
        int seq = nextSequence();
        byte[] bytes = message.build(seq, 0, extraFlags);
        socket.send(bytes, bytes.length);
        return seq;
    }

    private int nextSequence() {
        int seq = sequence.incrementAndGet();
        if (seq == 0) {
            seq = sequence.incrementAndGet();
        }
        return seq;
    }

    /** Datagrams that were truncated or held bytes that did not parse. */
    public long malformedCount() {
        return malformed.get();
    }

    /** Messages skipped because they answered an earlier request. */
    public long staleCount() {
        return stale.get();
    }

    public boolean isOpen() {
        return socket.isOpen();
    }

    /** The file descriptor, to wait for it with {@link Epoll}. */
    int fd() {
        return socket.fd();
    }

    @Override
    public void close() {
        socket.close();
    }
}
