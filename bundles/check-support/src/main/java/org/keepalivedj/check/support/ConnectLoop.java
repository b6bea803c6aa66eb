package org.keepalivedj.check.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedSelectorException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for TCP connects that did not complete at once (TCP_CHECK's lean path), on one thread with one
 * selector: no channel pipeline, no per-attempt task. The socket is created and the connect started by
 * the caller (so it belongs to the caller's network namespace); this thread only finishes it, fails it,
 * or times it out. Wakes the selector at most once per batch of new connects.
 */
public final class ConnectLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectLoop.class);

    private final Selector selector;
    private final Thread thread;
    private final Queue<Pending> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Only touched by the loop thread. */
    private final PriorityQueue<Pending> deadlines = new PriorityQueue<>();
    private volatile boolean running = true;

    /** One connect in flight: completes once, by the connect, an error, the timeout or the caller's cancel. */
    private static final class Pending implements Comparable<Pending> {
        final SocketChannel channel;
        final InetSocketAddress to;
        final long deadlineNanos;
        final long timeoutMillis;
        final CompletableFuture<CheckResult> result = new CompletableFuture<>();

        Pending(SocketChannel channel, InetSocketAddress to, long timeoutNanos) {
            this.channel = channel;
            this.to = to;
            this.deadlineNanos = System.nanoTime() + timeoutNanos;
            this.timeoutMillis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        }

        @Override
        public int compareTo(Pending o) {
            return Long.compare(deadlineNanos, o.deadlineNanos);
        }
    }

    public ConnectLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for TCP checks", e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Finishes a connect already started on a non-blocking channel: up when it completes within the
     * timeout, down otherwise. The channel is closed when the result is known (or cancelled).
     */
    public CompletableFuture<CheckResult> await(SocketChannel channel, InetSocketAddress to, long timeoutNanos) {
        Pending p = new Pending(channel, to, timeoutNanos);
        p.result.whenComplete((r, e) -> closeQuietly(channel));
        if (!running) {
            p.result.complete(CheckResult.down("checker runtime stopped"));
            return p.result;
        }
        incoming.add(p);
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
        return p.result;
    }

    private void run() {
        while (running) {
            try {
                Pending first = deadlines.peek();
                long waitMillis = first == null ? 1000
                        : Math.max(1, TimeUnit.NANOSECONDS.toMillis(first.deadlineNanos - System.nanoTime()) + 1);
                selector.select(waitMillis);
                wakeupPending.set(false);
                register();
                for (SelectionKey key : selector.selectedKeys()) {
                    finish((Pending) key.attachment());
                }
                selector.selectedKeys().clear();
                expire();
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("TCP check loop: {}", e.toString());
            }
        }
    }

    private void register() {
        Pending p;
        while ((p = incoming.poll()) != null) {
            if (p.result.isDone()) {
                continue;
            }
            try {
                p.channel.register(selector, SelectionKey.OP_CONNECT, p);
                deadlines.add(p);
            } catch (IOException | RuntimeException e) {
                p.result.complete(CheckResult.down("connect to " + p.to + " failed: " + ChannelAttempt.describe(e)));
            }
        }
    }

    private static void finish(Pending p) {
        if (p.result.isDone()) {
            return;
        }
        try {
            if (p.channel.finishConnect()) {
                p.result.complete(CheckResult.up("connected to " + p.to));
            }
        } catch (IOException | RuntimeException e) {
            p.result.complete(CheckResult.down("connect to " + p.to + " failed: " + ChannelAttempt.describe(e)));
        }
    }

    private void expire() {
        long now = System.nanoTime();
        while (!deadlines.isEmpty() && (deadlines.peek().result.isDone() || deadlines.peek().deadlineNanos <= now)) {
            Pending p = deadlines.poll();
            p.result.complete(CheckResult.down("timed out after " + p.timeoutMillis + " ms"));
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing a socket we are done with: nothing to do about a failure
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (SelectionKey k : selector.keys()) {
                ((Pending) k.attachment()).result.complete(CheckResult.down("checker runtime stopped"));
            }
            selector.close();
        } catch (IOException | ClosedSelectorException e) {
            // stopping anyway
        }
        Pending p;
        while ((p = incoming.poll()) != null) {
            p.result.complete(CheckResult.down("checker runtime stopped"));
        }
    }
}
