package org.keepalivedj.check.support;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.netlink.Epoll;
import org.keepalivedj.netlink.TcpProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the TCP connect probes that did not complete at once (TCP_CHECK's lean path), on one
 * thread with one epoll set: no channel pipeline, no task per attempt. The probe's socket was created
 * and its connect started by the caller (so it belongs to the caller's network namespace); this
 * thread only waits for the outcome or the timeout, resets the probe and hands it back. The epoll set
 * is woken at most once per batch of new probes.
 */
public final class ConnectLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectLoop.class);

    private final Epoll epoll = new Epoll(256);
    private final Thread thread;
    private final Queue<Pending> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Loop thread only. */
    private final Map<Integer, Pending> waiting = new HashMap<>();

    private final PriorityQueue<Pending> deadlines = new PriorityQueue<>();
    private final int[] ready = new int[256];
    private int nextToken;
    private volatile boolean running = true;

    /** One probe in flight: its result completes once (connect, error, timeout, or the caller's cancel). */
    private static final class Pending implements Comparable<Pending> {
        final TcpProbe probe;
        final InetSocketAddress to;
        final long deadlineNanos;
        final long timeoutMillis;
        final Consumer<TcpProbe> release;
        final CompletableFuture<CheckResult> result = new CompletableFuture<>();
        int token;

        Pending(TcpProbe probe, InetSocketAddress to, long timeoutNanos, Consumer<TcpProbe> release) {
            this.probe = probe;
            this.to = to;
            this.release = release;
            this.deadlineNanos = System.nanoTime() + timeoutNanos;
            this.timeoutMillis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        }

        @Override
        public int compareTo(Pending o) {
            return Long.compare(deadlineNanos, o.deadlineNanos);
        }
    }

    public ConnectLoop(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits for a probe whose connect is under way: up when it connects within the timeout, down
     * otherwise. The probe is reset and given to release when this loop is done with it (also after a
     * cancel of the returned future).
     */
    public CompletableFuture<CheckResult> await(
            TcpProbe probe, InetSocketAddress to, long timeoutNanos, Consumer<TcpProbe> release) {
        Pending p = new Pending(probe, to, timeoutNanos, release);
        synchronized (this) { // no wake-up once close() has begun: the loop closes the eventfd on its way out
            if (!running) {
                probe.close();
                p.result.complete(CheckResult.down("checker runtime stopped"));
                return p.result;
            }
            incoming.add(p);
            if (wakeupPending.compareAndSet(false, true)) {
                epoll.wakeup();
            }
        }
        return p.result;
    }

    private void run() {
        try {
            while (running) {
                Pending first = deadlines.peek();
                int wait = first == null
                        ? 1000
                        : (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(first.deadlineNanos - System.nanoTime()) + 1);
                int n = epoll.await(ready, wait);
                wakeupPending.set(false);
                register();
                for (int i = 0; i < n; i++) {
                    Pending p = ready[i] == Epoll.WAKEUP ? null : waiting.remove(ready[i]);
                    if (p != null) {
                        finish(p);
                    }
                }
                expire();
            }
        } catch (RuntimeException | Error e) {
            LOG.error("TCP check loop stopped", e);
        } finally {
            for (Pending p : waiting.values()) {
                p.result.complete(CheckResult.down("checker runtime stopped"));
                p.probe.close();
            }
            Pending p;
            while ((p = incoming.poll()) != null) {
                p.result.complete(CheckResult.down("checker runtime stopped"));
                p.probe.close();
            }
            epoll.close();
        }
    }

    private void register() {
        Pending p;
        while ((p = incoming.poll()) != null) {
            p.token = nextToken++ & Integer.MAX_VALUE;
            try {
                epoll.awaitWritable(p.probe.fd(), p.token);
            } catch (RuntimeException e) {
                p.result.complete(
                        CheckResult.down("connect to " + IpAddresses.format(p.to) + " failed: " + e.getMessage()));
                done(p);
                continue;
            }
            waiting.put(p.token, p);
            deadlines.add(p);
        }
    }

    private void finish(Pending p) {
        epoll.remove(p.probe.fd());
        if (!p.result.isDone()) {
            switch (p.probe.outcome()) {
                case CONNECTED -> p.result.complete(CheckResult.up("connected to " + IpAddresses.format(p.to)));
                case FAILED ->
                    p.result.complete(
                            CheckResult.down("connect to " + IpAddresses.format(p.to) + " failed: " + p.probe.error()));
                case PENDING -> {
                    // woken without an outcome: wait again
                    epoll.awaitWritable(p.probe.fd(), p.token);
                    waiting.put(p.token, p);
                    return;
                }
            }
        }
        done(p);
    }

    /** Times out what is due, and lets go of probes whose future was completed (cancelled) by the caller. */
    private void expire() {
        long now = System.nanoTime();
        while (!deadlines.isEmpty()
                && (deadlines.peek().deadlineNanos <= now
                        || !waiting.containsKey(deadlines.peek().token)
                        || deadlines.peek().result.isDone())) {
            Pending p = deadlines.poll();
            if (waiting.remove(p.token) == null) {
                continue; // finished already
            }
            epoll.remove(p.probe.fd());
            p.result.complete(CheckResult.down("timed out after " + p.timeoutMillis + " ms"));
            done(p);
        }
    }

    private static void done(Pending p) {
        p.probe.reset();
        p.release.accept(p.probe);
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
            epoll.wakeup();
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
