package org.keepalivedj.check.support;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.model.IpAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/answer exchanges over plain TCP (HTTP_GET's lean path), on one thread with one selector: no
 * channel pipeline, no codec, no timer task per attempt. The caller's thread creates the socket and
 * starts the connect (so the socket belongs to the caller's network namespace) and, when the connect
 * completes at once, writes the request too; this thread finishes the connect, writes the request,
 * hands what arrives to the {@link Exchange} and closes the socket (with a reset, as SO_LINGER 0 does)
 * when the exchange has its verdict, the peer closes, the timeout passes (counted from the connect's
 * start) or the caller cancels the result.
 */
public final class ExchangeLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeLoop.class);

    /** One protocol's side of an exchange; called on the loop thread only. */
    public interface Exchange {
        /** The bytes to send once connected (a fresh view of the same bytes each time). */
        ByteBuffer request();

        /** Takes the bytes that arrived; returns the verdict once there is one, else null for more. */
        CheckResult received(ByteBuffer data);

        /** The peer closed its side: the verdict on what arrived. */
        CheckResult closed();
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Loop thread only. */
    private final PriorityQueue<Attempt> deadlines = new PriorityQueue<>();

    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;

    /** One exchange in flight; its result completes once. */
    private final class Attempt implements Comparable<Attempt> {
        final SocketChannel channel;
        final InetSocketAddress to;
        final Exchange exchange;
        final long deadlineNanos;
        final long timeoutMillis;
        final CompletableFuture<CheckResult> result = new CompletableFuture<>();
        ByteBuffer unsent;
        SelectionKey key;

        Attempt(SocketChannel channel, InetSocketAddress to, Exchange exchange, long startNanos, long timeoutNanos) {
            this.channel = channel;
            this.to = to;
            this.exchange = exchange;
            this.deadlineNanos = startNanos + timeoutNanos;
            this.timeoutMillis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        }

        @Override
        public int compareTo(Attempt o) {
            return Long.compare(deadlineNanos, o.deadlineNanos);
        }

        /** Ends the attempt with r (unless it has ended) and lets go of its socket; loop thread. */
        void end(CheckResult r) {
            result.complete(r);
            if (key != null) {
                key.cancel();
            }
            closeQuietly(channel);
        }

        String where() {
            return IpAddresses.format(to);
        }
    }

    public ExchangeLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector for the check exchanges: " + e.getMessage(), e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Connects to to (from from, when not null) and runs exchange over the connection; the result
     * completes with the exchange's verdict, down on a failed connect, a close the exchange did not
     * expect or the timeout. Cancelling the result closes the connection.
     */
    public CompletableFuture<CheckResult> start(
            InetSocketAddress to, InetSocketAddress from, long timeoutNanos, Exchange exchange) {
        long started = System.nanoTime();
        SocketChannel channel = null;
        boolean connected;
        try {
            channel = SocketChannel.open(
                    to.getAddress() instanceof Inet6Address
                            ? StandardProtocolFamily.INET6
                            : StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            if (from != null) {
                channel.bind(from);
            }
            connected = channel.connect(to);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            return CompletableFuture.completedFuture(CheckResult.down(
                    "connect to " + IpAddresses.format(to) + " failed: " + ChannelAttempt.describe(e)));
        }
        Attempt a = new Attempt(channel, to, exchange, started, timeoutNanos);
        if (connected) {
            a.unsent = exchange.request();
            try {
                channel.write(a.unsent);
            } catch (IOException e) {
                closeQuietly(channel);
                return CompletableFuture.completedFuture(
                        CheckResult.down("cannot send to " + a.where() + ": " + ChannelAttempt.describe(e)));
            }
        }
        submit(() -> register(a, connected));
        // a cancel by the caller (the engine's deadline) closes the socket on the loop thread
        a.result.whenComplete((r, e) -> {
            if (e != null) {
                submit(() -> a.end(null));
            }
        });
        return a.result;
    }

    private void submit(Runnable task) {
        synchronized (this) { // no wake-up once close() has begun: the loop closes the selector on its way out
            if (!running) {
                task.run();
                return;
            }
            tasks.add(task);
            if (wakeupPending.compareAndSet(false, true)) {
                selector.wakeup();
            }
        }
    }

    private void register(Attempt a, boolean connected) {
        if (a.result.isDone() || !running) {
            a.end(CheckResult.down("checker runtime stopped"));
            return;
        }
        int ops = !connected
                ? SelectionKey.OP_CONNECT
                : a.unsent.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        try {
            a.key = a.channel.register(selector, ops, a);
        } catch (IOException | RuntimeException e) {
            a.end(CheckResult.down("connect to " + a.where() + " failed: " + ChannelAttempt.describe(e)));
            return;
        }
        deadlines.add(a);
    }

    private void run() {
        try {
            while (running) {
                Attempt first = deadlines.peek();
                long wait = first == null
                        ? 1000
                        : Math.max(1, TimeUnit.NANOSECONDS.toMillis(first.deadlineNanos - System.nanoTime()) + 1);
                selector.select(this::ready, wait);
                wakeupPending.set(false);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                expire();
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("check exchange loop stopped", e);
        } finally {
            synchronized (this) {
                running = false;
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            for (SelectionKey k : selector.keys()) {
                ((Attempt) k.attachment()).end(CheckResult.down("checker runtime stopped"));
            }
            closeQuietly(selector);
        }
    }

    private void ready(SelectionKey key) {
        Attempt a = (Attempt) key.attachment();
        if (a.result.isDone()) {
            a.end(null);
            return;
        }
        try {
            if (key.isConnectable()) {
                a.channel.finishConnect();
                a.unsent = a.exchange.request();
                key.interestOps(SelectionKey.OP_WRITE);
            }
            if (key.isWritable() || key.isConnectable()) {
                a.channel.write(a.unsent);
                if (!a.unsent.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                return;
            }
        } catch (IOException e) {
            a.end(CheckResult.down("connect to " + a.where() + " failed: " + ChannelAttempt.describe(e)));
            return;
        }
        if (key.isReadable()) {
            read(a);
        }
    }

    private void read(Attempt a) {
        while (true) {
            readBuffer.clear();
            int n;
            try {
                n = a.channel.read(readBuffer);
            } catch (IOException e) {
                a.end(CheckResult.down(ChannelAttempt.describe(e)));
                return;
            }
            if (n < 0) {
                a.end(a.exchange.closed());
                return;
            }
            if (n == 0) {
                return;
            }
            readBuffer.flip();
            CheckResult verdict = a.exchange.received(readBuffer);
            if (verdict != null) {
                a.end(verdict);
                return;
            }
            if (readBuffer.capacity() > n) {
                return; // drained for now
            }
        }
    }

    /** Times out what is due, and lets go of the attempts that have ended. */
    private void expire() {
        long now = System.nanoTime();
        while (!deadlines.isEmpty()
                && (deadlines.peek().deadlineNanos <= now
                        || deadlines.peek().result.isDone())) {
            Attempt a = deadlines.poll();
            a.end(CheckResult.down("timed out after " + a.timeoutMillis + " ms"));
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // closing a probe socket: nothing to do about a failure
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
            selector.wakeup();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
