package org.keepalivedj.check.support;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.keepalivedj.api.check.CheckResult;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.netlink.Epoll;
import org.keepalivedj.netlink.TcpProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exchanges over plain TCP, on one thread with one epoll set: no channel pipeline, no codec, no timer
 * task per attempt. A request and its answer (HTTP_GET's lean path), or a connect alone (TCP_CHECK's:
 * {@link Exchange#connectOnly}). Each exchange runs on the checker's
 * {@link ProbeSocket}, a raw non-blocking socket kept between attempts. The caller's thread starts the
 * connect (a socket it creates belongs to the caller's network namespace), writes the request too when
 * the connect completes at once, and adds the socket to the epoll set itself; it wakes this thread
 * only when the new attempt's deadline comes before the thread's own wake-up. This thread finishes the
 * connect, writes the request, hands what arrives to the {@link Exchange} and resets the connection
 * (an RST, as a close with SO_LINGER 0 sends) when the exchange has its verdict, the peer closes, the
 * timeout passes (counted from the connect's start) or the caller cancels the result.
 */
public final class ExchangeLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeLoop.class);
    /** {@link #plannedWake} while the loop thread is awake: it takes in new attempts before it sleeps. */
    private static final long AWAKE = Long.MIN_VALUE;

    private static final long MAX_SLEEP_MILLIS = 1000;

    /**
     * One protocol's side of an exchange; called on the loop thread, but for {@link #connected()} and
     * {@link #request()} when the connect completes at once (then on the caller's thread).
     */
    public interface Exchange {
        /**
         * The exchange that ends when the connection opens, with the given verdict; nothing is sent. The
         * verdict is given as is, so a checker builds it once.
         */
        static Exchange connectOnly(CheckResult connected) {
            return new Exchange() {
                @Override
                public CheckResult connected() {
                    return connected;
                }

                @Override
                public ByteBuffer request() {
                    throw new IllegalStateException("a connect-only exchange sends nothing");
                }

                @Override
                public CheckResult received(ByteBuffer data) {
                    throw new IllegalStateException("a connect-only exchange reads nothing");
                }

                @Override
                public CheckResult closed() {
                    throw new IllegalStateException("a connect-only exchange reads nothing");
                }
            };
        }

        /** The verdict as soon as the connection opens, or null (the default) to send the request. */
        default CheckResult connected() {
            return null;
        }

        /** The bytes to send once connected (a fresh view of the same bytes each time). */
        ByteBuffer request();

        /** Takes the bytes that arrived; returns the verdict once there is one, else null for more. */
        CheckResult received(ByteBuffer data);

        /** The peer closed its side: the verdict on what arrived. */
        CheckResult closed();
    }

    private final Epoll epoll = new Epoll(256);
    private final Thread thread;
    /** The attempts in flight by their epoll token. */
    private final Map<Integer, Attempt> attempts = new ConcurrentHashMap<>();
    /** Attempts started since the loop thread last took them in. */
    private final Queue<Attempt> started = new ConcurrentLinkedQueue<>();
    /** Attempts whose result the caller cancelled. */
    private final Queue<Attempt> cancelled = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final AtomicInteger nextToken = new AtomicInteger();
    /** When the sleeping loop thread wakes by itself (System.nanoTime()), or {@link #AWAKE}. */
    private volatile long plannedWake = AWAKE;
    /** Loop thread only: the attempts in flight in deadline order. */
    private final NavigableSet<Attempt> deadlines = new TreeSet<>(
            Comparator.<Attempt>comparingLong(a -> a.deadlineNanos).thenComparingInt(a -> a.token));

    private final int[] ready = new int[256];
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;

    /** One exchange in flight; its result completes once. */
    private final class Attempt {
        final ProbeSocket socket;
        final TcpProbe probe;
        final Exchange exchange;
        final long deadlineNanos;
        final long timeoutMillis;
        final int token = nextToken.getAndIncrement() & Integer.MAX_VALUE;
        final CompletableFuture<CheckResult> result = new CompletableFuture<>();
        /** null while connecting. */
        ByteBuffer unsent;
        /** Loop thread only, once the socket is in the epoll set. */
        boolean ended;

        Attempt(ProbeSocket socket, Exchange exchange, long startNanos, long timeoutNanos) {
            this.socket = socket;
            this.probe = socket.take();
            this.exchange = exchange;
            this.deadlineNanos = startNanos + timeoutNanos;
            this.timeoutMillis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        }

        /** Ends the attempt with r (unless it has ended), the reset socket handed back first; loop thread. */
        void end(CheckResult r) {
            if (ended) {
                return;
            }
            ended = true;
            attempts.remove(token);
            deadlines.remove(this);
            release(); // before the result: what runs on it (the next url's fetch) gets this socket
            result.complete(r);
        }

        /** Ends an attempt before its socket went into the epoll set; caller's thread. */
        CompletableFuture<CheckResult> endAtOnce(CheckResult r) {
            release();
            return CompletableFuture.completedFuture(r);
        }

        private void release() {
            probe.reset();
            socket.release(probe);
        }

        String where() {
            return IpAddresses.format(socket.to());
        }
    }

    public ExchangeLoop(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Connects socket to its destination and runs exchange over the connection; the result completes
     * with the exchange's verdict, down on a failed connect, a close the exchange did not expect or the
     * timeout. Cancelling the result resets the connection.
     */
    public CompletableFuture<CheckResult> start(ProbeSocket socket, long timeoutNanos, Exchange exchange) {
        Attempt a = new Attempt(socket, exchange, System.nanoTime(), timeoutNanos);
        try {
            switch (a.probe.start()) {
                case FAILED -> {
                    return a.endAtOnce(CheckResult.down("connect to " + a.where() + " failed: " + a.probe.error()));
                }
                case CONNECTED -> {
                    CheckResult verdict = exchange.connected();
                    if (verdict != null) {
                        return a.endAtOnce(verdict);
                    }
                    a.unsent = exchange.request();
                    if (!a.probe.send(a.unsent)) {
                        return a.endAtOnce(CheckResult.down("cannot send to " + a.where() + ": " + a.probe.error()));
                    }
                }
                case PENDING -> {}
            }
        } catch (RuntimeException e) {
            a.probe.close();
            return CompletableFuture.completedFuture(
                    CheckResult.down("connect to " + a.where() + " failed: " + ChannelAttempt.describe(e)));
        }
        synchronized (this) { // no epoll_ctl once close() has begun: the loop closes the epoll set on its way out
            if (!running) {
                a.probe.close();
                return CompletableFuture.completedFuture(CheckResult.down("checker runtime stopped"));
            }
            attempts.put(a.token, a);
            try {
                epoll.awaitOnce(a.probe.fd(), a.unsent == null || a.unsent.hasRemaining(), a.token);
            } catch (RuntimeException e) {
                attempts.remove(a.token);
                return a.endAtOnce(
                        CheckResult.down("connect to " + a.where() + " failed: " + ChannelAttempt.describe(e)));
            }
            started.add(a);
            if (a.deadlineNanos < plannedWake) {
                wakeUp();
            }
        }
        // a cancel by the caller (the engine's deadline) resets the connection on the loop thread
        a.result.whenComplete((r, e) -> {
            if (e != null) {
                cancelled.add(a);
                synchronized (this) {
                    if (running) {
                        wakeUp();
                    }
                }
            }
        });
        return a.result;
    }

    /** Under the lock, while running. */
    private void wakeUp() {
        if (wakeupPending.compareAndSet(false, true)) {
            epoll.wakeup();
        }
    }

    private void run() {
        try {
            while (running) {
                int n = epoll.await(ready, plan());
                plannedWake = AWAKE;
                wakeupPending.set(false);
                for (int i = 0; i < n; i++) {
                    Attempt a = ready[i] == Epoll.WAKEUP ? null : attempts.get(ready[i]);
                    if (a != null) {
                        ready(a);
                    }
                }
                Attempt a;
                while ((a = cancelled.poll()) != null) {
                    a.end(null);
                }
                expire();
            }
        } catch (RuntimeException | Error e) {
            LOG.error("check exchange loop stopped", e);
        } finally {
            synchronized (this) {
                running = false;
            }
            for (Attempt a : List.copyOf(attempts.values())) {
                a.result.complete(CheckResult.down("checker runtime stopped"));
                a.probe.close();
            }
            epoll.close();
        }
    }

    /**
     * Takes in the new attempts' deadlines and publishes when this thread will wake by itself, so that
     * an attempt started later wakes it only when its deadline comes first; the sleep in milliseconds.
     */
    private int plan() {
        while (true) {
            Attempt a;
            while ((a = started.poll()) != null) {
                if (!a.ended) {
                    deadlines.add(a);
                }
            }
            long now = System.nanoTime();
            long sleep = deadlines.isEmpty()
                    ? MAX_SLEEP_MILLIS
                    : Math.min(
                            MAX_SLEEP_MILLIS,
                            Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlines.first().deadlineNanos - now) + 1));
            plannedWake = now + TimeUnit.MILLISECONDS.toNanos(sleep);
            if (started.isEmpty()) {
                return (int) sleep;
            }
            plannedWake = AWAKE; // one came in meanwhile: take it in too
        }
    }

    private void ready(Attempt a) {
        if (a.result.isDone()) {
            a.end(null); // cancelled
            return;
        }
        TcpProbe probe = a.probe;
        if (a.unsent == null) {
            switch (probe.outcome()) {
                case PENDING -> {
                    awaitAgain(a, true);
                    return;
                }
                case FAILED -> {
                    a.end(CheckResult.down("connect to " + a.where() + " failed: " + probe.error()));
                    return;
                }
                case CONNECTED -> {
                    CheckResult verdict = a.exchange.connected();
                    if (verdict != null) {
                        a.end(verdict);
                        return;
                    }
                    a.unsent = a.exchange.request();
                }
            }
        }
        if (a.unsent.hasRemaining()) {
            if (!probe.send(a.unsent)) {
                a.end(CheckResult.down("cannot send to " + a.where() + ": " + probe.error()));
            } else {
                awaitAgain(a, a.unsent.hasRemaining());
            }
            return;
        }
        receive(a);
    }

    /** Reads until the exchange has its verdict, the peer closes, or nothing more has arrived yet. */
    private void receive(Attempt a) {
        while (true) {
            readBuffer.clear();
            int n = a.probe.receive(readBuffer);
            if (n == 0) {
                awaitAgain(a, false);
                return;
            }
            if (n == TcpProbe.PEER_CLOSED) {
                a.end(a.exchange.closed());
                return;
            }
            if (n == TcpProbe.RECEIVE_FAILED) {
                a.end(CheckResult.down(a.probe.error()));
                return;
            }
            readBuffer.flip();
            CheckResult verdict = a.exchange.received(readBuffer);
            if (verdict != null) {
                a.end(verdict);
                return;
            }
        }
    }

    private void awaitAgain(Attempt a, boolean writable) {
        try {
            epoll.awaitOnce(a.probe.fd(), writable, a.token);
        } catch (RuntimeException e) {
            a.end(CheckResult.down("cannot wait for " + a.where() + ": " + ChannelAttempt.describe(e)));
        }
    }

    /** Times out what is due. */
    private void expire() {
        long now = System.nanoTime();
        while (!deadlines.isEmpty() && deadlines.first().deadlineNanos - now <= 0) {
            Attempt a = deadlines.first();
            a.end(CheckResult.down("timed out after " + a.timeoutMillis + " ms"));
        }
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
