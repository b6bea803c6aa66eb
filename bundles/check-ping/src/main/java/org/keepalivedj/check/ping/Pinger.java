package org.keepalivedj.check.ping;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
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
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.netlink.ErrnoException;
import org.keepalivedj.netlink.IcmpSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pings of every PING_CHECK of a family (and bind_if / fwmark), over one raw ICMP socket of
 * the netlink bundle. A request goes out at once and waits for nothing: its future is completed by
 * the one receiver thread when the reply with our identifier and its sequence arrives from the
 * address pinged, or by a timer on the shared scheduler when connect_timeout passes. Packets that
 * are not ours (other pings, other ICMP) are dropped and counted.
 */
final class Pinger implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Pinger.class);
    /** The receiver looks at close() this often. */
    private static final Duration RECEIVE_SLICE = Duration.ofMillis(250);

    private record Pending(InetAddress from, CompletableFuture<Boolean> answered) {}

    private final IcmpSocket socket;
    private final boolean v6;
    private final int identifier = ThreadLocalRandom.current().nextInt(1 << 16);
    private final AtomicInteger sequence = new AtomicInteger();
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ignored = new AtomicLong();
    private final Thread receiver;
    private volatile boolean closed;

    Pinger(boolean v6, InetAddress source, String bindInterface, int fwmark) throws IOException {
        this.v6 = v6;
        try {
            socket = IcmpSocket.open(v6, source, bindInterface, fwmark);
        } catch (ErrnoException e) {
            throw new IOException(e.getMessage(), e);
        }
        receiver = new Thread(
                this::receive,
                "ping-receiver-" + (v6 ? "v6" : "v4") + (bindInterface == null ? "" : "-" + bindInterface));
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
        ScheduledFuture<?> timer =
                scheduler.schedule(() -> answered.complete(false), timeout.toNanos(), TimeUnit.NANOSECONDS);
        answered.whenComplete((r, e) -> {
            pending.remove(seq);
            timer.cancel(false);
        });
        try {
            socket.send(EchoPacket.request(v6, identifier, seq), to);
        } catch (ErrnoException e) {
            answered.completeExceptionally(
                    new IOException("sendto " + IpAddresses.format(to) + ": " + e.getMessage(), e));
        }
        return answered;
    }

    /** Packets received that were not replies to our requests. */
    long ignored() {
        return ignored.get();
    }

    private void receive() {
        while (!closed) {
            IcmpSocket.Message m;
            try {
                m = socket.receive(RECEIVE_SLICE);
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.debug("ICMP receive failed: {}", e.getMessage());
                }
                continue;
            }
            if (m == null) {
                continue;
            }
            EchoPacket.Reply reply = EchoPacket.parse(v6, m.data(), m.data().length);
            Pending p = reply == null || reply.identifier() != identifier ? null : pending.get(reply.sequence());
            if (p != null && p.from().equals(m.from())) {
                p.answered().complete(true);
            } else {
                ignored.incrementAndGet();
            }
        }
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
        socket.close();
        pending.values().forEach(p -> p.answered().complete(false));
        LOG.debug("ICMP socket closed; {} packets were not replies to our requests", ignored.get());
    }
}
