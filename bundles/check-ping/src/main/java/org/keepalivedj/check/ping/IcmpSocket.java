package org.keepalivedj.check.ping;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One raw ICMP (or ICMPv6) socket shared by every PING_CHECK of a family (and bind_if / fwmark).
 * A request goes out at once and waits for nothing: its future is completed by the one receiver
 * thread when the reply with our identifier and its sequence arrives from the address pinged, or
 * by a timer on the shared scheduler when connect_timeout passes. Packets that are not ours (other
 * pings, other ICMP) are dropped and counted.
 */
final class IcmpSocket implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(IcmpSocket.class);
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_RAW = 3;
    private static final int IPPROTO_ICMP = 1;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_BINDTODEVICE = 25;
    private static final int SO_MARK = 36;

    private record Pending(InetAddress from, CompletableFuture<Boolean> answered) {
    }

    private final Libc libc = Libc.get();
    private final boolean v6;
    private final int fd;
    private final int identifier = ThreadLocalRandom.current().nextInt(1 << 16);
    private final AtomicInteger sequence = new AtomicInteger();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ignored = new AtomicLong();
    private final Thread receiver;
    private volatile boolean closed;

    IcmpSocket(boolean v6, String bindInterface, int fwmark) throws IOException {
        this.v6 = v6;
        int s = libc.socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW, v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
        if (s < 0) {
            throw error("socket(" + (v6 ? "AF_INET6, SOCK_RAW, IPPROTO_ICMPV6" : "AF_INET, SOCK_RAW, IPPROTO_ICMP") + ")");
        }
        fd = s;
        try {
            // A receive timeout lets the receiver see close() within a quarter second.
            option(SO_RCVTIMEO, timeval(Duration.ofMillis(250)), "SO_RCVTIMEO");
            if (bindInterface != null) {
                byte[] name = (bindInterface + "\0").getBytes(StandardCharsets.US_ASCII);
                option(SO_BINDTODEVICE, name, "SO_BINDTODEVICE " + bindInterface);
            }
            if (fwmark != 0) {
                option(SO_MARK, intBytes(fwmark), "SO_MARK " + fwmark);
            }
        } catch (IOException e) {
            libc.close(fd);
            throw e;
        }
        receiver = new Thread(this::receive, "ping-receiver-" + (v6 ? "v6" : "v4") + (bindInterface == null ? "" : "-" + bindInterface));
        receiver.setDaemon(true);
        receiver.start();
    }

    /**
     * Sends one echo request to the address; the future completes true on its reply, false after
     * timeout. Cancelling the future forgets the request.
     */
    CompletableFuture<Boolean> ping(InetAddress to, Duration timeout, ScheduledExecutorService scheduler) {
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        int seq = sequence.getAndIncrement() & 0xffff;
        pending.put(seq, new Pending(to, answered));
        ScheduledFuture<?> timer = scheduler.schedule(() -> answered.complete(false), timeout.toNanos(), TimeUnit.NANOSECONDS);
        answered.whenComplete((r, e) -> {
            pending.remove(seq);
            timer.cancel(false);
        });
        byte[] packet = EchoPacket.request(v6, identifier, seq);
        byte[] address = sockaddr(to);
        if (libc.sendto(fd, packet, packet.length, 0, address, address.length) < 0) {
            answered.completeExceptionally(error("sendto " + to.getHostAddress()));
        }
        return answered;
    }

    /** Packets received that were not replies to our requests. */
    long ignored() {
        return ignored.get();
    }

    private void receive() {
        byte[] buf = new byte[1500];
        byte[] from = new byte[28];
        int[] fromLength = new int[1];
        while (!closed) {
            fromLength[0] = from.length;
            long n = libc.recvfrom(fd, buf, buf.length, 0, from, fromLength);
            if (n < 0) {
                continue; // the receive timeout (EAGAIN) or an interrupted call: look at closed again
            }
            EchoPacket.Reply reply = EchoPacket.parse(v6, buf, (int) n);
            Pending p = reply == null || reply.identifier() != identifier ? null : pending.get(reply.sequence());
            if (p != null && p.from().equals(sender(from))) {
                p.answered().complete(true);
            } else {
                ignored.incrementAndGet();
            }
        }
    }

    private InetAddress sender(byte[] sockaddr) {
        try {
            byte[] a = v6 ? java.util.Arrays.copyOfRange(sockaddr, 8, 24) : java.util.Arrays.copyOfRange(sockaddr, 4, 8);
            return InetAddress.getByAddress(a);
        } catch (IOException e) {
            return null;
        }
    }

    private byte[] sockaddr(InetAddress to) {
        byte[] a = to.getAddress();
        if (!v6) {
            byte[] s = new byte[16];
            s[0] = (byte) AF_INET; // sa_family is in host order (little-endian here)
            System.arraycopy(a, 0, s, 4, 4);
            return s;
        }
        byte[] s = new byte[28];
        s[0] = (byte) AF_INET6;
        System.arraycopy(a, 0, s, 8, 16);
        int scope = to instanceof Inet6Address i6 ? i6.getScopeId() : 0;
        System.arraycopy(intBytes(scope), 0, s, 24, 4);
        return s;
    }

    private void option(int option, byte[] value, String what) throws IOException {
        if (libc.setsockopt(fd, SOL_SOCKET, option, value, value.length) < 0) {
            throw error("setsockopt " + what);
        }
    }

    private static byte[] timeval(Duration d) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder());
        b.putLong(d.toSeconds()).putLong(d.toNanosPart() / 1000);
        return b.array();
    }

    private static byte[] intBytes(int v) {
        return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(v).array();
    }

    private IOException error(String what) {
        int errno = Libc.errno();
        return new IOException(what + ": " + libc.strerror(errno) + " (errno " + errno + ")");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        libc.close(fd);
        pending.values().forEach(p -> p.answered().complete(false));
        LOG.debug("ICMP socket closed; {} packets were not replies to our requests", ignored.get());
    }
}
