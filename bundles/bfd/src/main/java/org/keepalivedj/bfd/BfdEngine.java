package org.keepalivedj.bfd;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.model.BfdInstance;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.netlink.BfdSocket;
import org.keepalivedj.netlink.Errno;
import org.keepalivedj.netlink.ErrnoException;
import org.keepalivedj.netlink.NetworkNamespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the bfd_instance sessions of a config over UDP: one thread ("keepalived-bfd") drives every
 * session's timers and packets, one thread per receive socket (IPv4/IPv6, port 3784/4784) only reads
 * and hands datagrams over. Received packets are demultiplexed by Your Discriminator, or by source
 * address while the peer does not know ours yet, and checked against the session's TTL rule
 * ({@code max_hops}: the TTL / hop limit may be at most that much below 255; 255 disables the check).
 */
public final class BfdEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BfdEngine.class);

    /** Told every session state change, on the engine thread; at is on the {@link System#nanoTime()} clock. */
    public interface Listener {
        void stateChanged(String session, BfdState from, BfdState to, Diagnostic diagnostic, long at);
    }

    /** A snapshot of one session for views and tests. */
    public record SessionInfo(
            String name,
            InetAddress neighbor,
            InetAddress source,
            boolean multihop,
            BfdState state,
            BfdState remoteState,
            int localDiscriminator,
            int remoteDiscriminator,
            long transmitIntervalMicros,
            long detectionTimeNanos,
            long remoteMinRxMicros,
            long remoteDesiredMinTxMicros,
            long packetsReceived,
            long packetsSent,
            long upTransitions,
            long downTransitions,
            Diagnostic lastDownDiagnostic) {}

    private final ScheduledThreadPoolExecutor thread;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final Map<String, Entry> sessions = new LinkedHashMap<>();
    private final Map<Integer, Entry> byDiscriminator = new HashMap<>();
    private final Map<Receiver.Key, Receiver> receivers = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<BfdSessionListener> viewListeners = new CopyOnWriteArrayList<>();

    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong ttlRejected = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private volatile boolean closed;
    private volatile Thread engineThread;

    /** An engine whose sockets live in this network namespace (null: the caller's). */
    public BfdEngine(String namespace) {
        thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(
                    () -> {
                        if (namespace != null) {
                            NetworkNamespace.enter(namespace);
                        }
                        r.run();
                    },
                    "keepalived-bfd");
            t.setDaemon(true);
            engineThread = t;
            // Timers are a protocol promise here as in VRRP: detection in tens of milliseconds.
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Told the sessions as they are now, then every state change with a view of the session just
     * after it, all on the engine thread (so no change falls between the two); returns at once.
     */
    public void addSessionListener(BfdSessionListener listener) {
        onEngineThread(() -> {
            viewListeners.add(listener);
            try {
                listener.bound(sessions.values().stream().map(Entry::view).toList());
            } catch (RuntimeException ex) {
                LOG.warn("BFD listener failed", ex);
            }
        });
    }

    public void removeSessionListener(BfdSessionListener listener) {
        viewListeners.remove(listener);
        // and again after an addition still queued
        onEngineThread(() -> viewListeners.remove(listener));
    }

    private void onEngineThread(Runnable task) {
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closed: nothing is told any more
        }
    }

    /** Management's snapshots of the sessions, in config order. */
    public List<BfdSessionView> views() {
        return call(() -> sessions.values().stream().map(Entry::view).toList());
    }

    /**
     * Runs exactly these instances from now on: new ones start Down, removed ones go AdminDown (the
     * peer is told) and close, changed addresses restart the session, changed timers are announced
     * with a Poll Sequence, unchanged ones keep their state. Returns the names that could not start
     * (a socket the kernel refused), each with the reason.
     */
    public List<String> apply(Collection<BfdInstance> instances) {
        return call(() -> {
            List<String> failed = new ArrayList<>();
            Map<String, BfdInstance> wanted = new LinkedHashMap<>();
            instances.forEach(i -> wanted.put(i.name(), i));
            for (String name : new ArrayList<>(sessions.keySet())) {
                Entry e = sessions.get(name);
                BfdInstance next = wanted.get(name);
                if (next == null || !sameEndpoints(e.config, next)) {
                    remove(e);
                } else {
                    e.config = next;
                    e.session.retime(timing(next), System.nanoTime());
                    e.reschedule(e.session.runTimers(System.nanoTime()));
                }
            }
            for (BfdInstance i : wanted.values()) {
                if (!sessions.containsKey(i.name())) {
                    try {
                        start(i);
                    } catch (RuntimeException ex) {
                        LOG.warn("BFD_Instance({}) cannot start: {}", i.name(), ex.getMessage());
                        failed.add(i.origin() + ": bfd_instance " + i.name() + ": " + ex.getMessage());
                    }
                }
            }
            return failed;
        });
    }

    /** The current state of a session, or null when there is none of that name. */
    public BfdState state(String name) {
        return call(() -> {
            Entry e = sessions.get(name);
            return e == null ? null : e.session.state();
        });
    }

    public List<SessionInfo> sessions() {
        return call(() -> sessions.values().stream().map(Entry::info).toList());
    }

    public long malformedPackets() {
        return malformed.get()
                + receivers().stream().mapToLong(BfdSocket::malformedCount).sum();
    }

    /** Packets whose TTL or hop limit broke the session's max_hops rule. */
    public long ttlRejectedPackets() {
        return ttlRejected.get();
    }

    /** Packets that matched no session. */
    public long unmatchedPackets() {
        return unmatched.get();
    }

    public long sendErrors() {
        return sendErrors.get();
    }

    private List<BfdSocket> receivers() {
        return call(() -> receivers.values().stream().map(r -> r.socket).toList());
    }

    private static boolean sameEndpoints(BfdInstance a, BfdInstance b) {
        return a.neighbor().equals(b.neighbor())
                && Objects.equals(a.source(), b.source())
                && a.ttl() == b.ttl()
                && a.hoplimit() == b.hoplimit()
                && a.multihop() == b.multihop()
                && a.passive() == b.passive();
    }

    static BfdTiming timing(BfdInstance i) {
        return new BfdTiming(i.minRx(), i.minTx(), i.idleTx(), i.multiplier(), i.passive());
    }

    private void start(BfdInstance config) {
        boolean v6 = config.neighbor() instanceof Inet6Address;
        int port = config.multihop() ? BfdSocket.MULTIHOP_PORT : BfdSocket.SINGLE_HOP_PORT;
        receiver(v6, port);
        BfdSocket sender = openSender(config, v6);
        int discriminator;
        do {
            discriminator = ThreadLocalRandom.current().nextInt();
        } while (discriminator == 0 || byDiscriminator.containsKey(discriminator));
        Entry e = new Entry(config, sender, port);
        e.session = new BfdSession(
                config.name(), discriminator, timing(config), e::send, this::changed, random, System.nanoTime());
        sessions.put(config.name(), e);
        byDiscriminator.put(discriminator, e);
        LOG.info(
                "BFD_Instance({}) started to {} from port {}",
                config.name(),
                IpAddresses.format(config.neighbor()),
                sender.localPort());
        e.reschedule(e.session.runTimers(System.nanoTime()));
    }

    private static BfdSocket openSender(BfdInstance config, boolean v6) {
        int ttl = v6 ? config.hoplimit() : config.ttl();
        try {
            return BfdSocket.sender(config.source(), v6, ttl);
        } catch (ErrnoException e) {
            if (config.source() == null || e.errno() != Errno.EADDRNOTAVAIL) {
                throw e;
            }
            // The source is not on the host (yet): send from the routing's choice rather than not at all.
            LOG.warn(
                    "BFD_Instance({}) source_ip {} is not on this host; the kernel chooses the source",
                    config.name(),
                    IpAddresses.format(config.source()));
            return BfdSocket.sender(null, v6, ttl);
        }
    }

    private void remove(Entry e) {
        e.session.adminDown(System.nanoTime());
        e.close();
        sessions.remove(e.config.name());
        byDiscriminator.remove(e.session.localDiscriminator());
        LOG.info("BFD_Instance({}) removed", e.config.name());
    }

    private void changed(BfdSession session, BfdState from, BfdState to, Diagnostic diagnostic) {
        long at = System.nanoTime();
        Entry entry = sessions.get(session.name());
        if (entry != null) {
            entry.lastChange = Instant.now();
        }
        LOG.info(
                "BFD_Instance({}) Entering {} state (local diag - {}, remote state - {})",
                session.name(),
                to.toString().toUpperCase(java.util.Locale.ROOT),
                diagnostic,
                session.remoteState());
        for (Listener l : listeners) {
            try {
                l.stateChanged(session.name(), from, to, diagnostic, at);
            } catch (RuntimeException ex) {
                LOG.warn("BFD listener failed on {}", session.name(), ex);
            }
        }
        if (entry != null && !viewListeners.isEmpty()) {
            BfdSessionView view = entry.view();
            for (BfdSessionListener l : viewListeners) {
                try {
                    l.stateChanged(view, from.toString(), to.toString());
                } catch (RuntimeException ex) {
                    LOG.warn("BFD listener failed on {}", session.name(), ex);
                }
            }
        }
    }

    private void receiver(boolean v6, int port) {
        receivers.computeIfAbsent(
                new Receiver.Key(v6, port), k -> new Receiver(BfdSocket.receiver(v6, port), port, this));
    }

    /** On the engine thread: one received datagram. */
    private void dispatch(BfdSocket.Datagram d, int port) {
        BfdPacket p;
        try {
            p = BfdPacket.decode(d.payload());
        } catch (MalformedBfdPacketException ex) {
            malformed.incrementAndGet();
            LOG.debug("BFD packet from {} dropped: {}", IpAddresses.format(d.source()), ex.getMessage());
            return;
        }
        boolean multihop = port == BfdSocket.MULTIHOP_PORT;
        Entry e = p.yourDiscriminator() != 0
                ? byDiscriminator.get(p.yourDiscriminator())
                : byNeighbor(d.source(), multihop);
        if (e == null || e.multihop() != multihop || !sameAddress(e.config.neighbor(), d.source())) {
            unmatched.incrementAndGet();
            return;
        }
        int maxHops = e.config.maxHops();
        if (maxHops != 255 && d.ttl() < 255 - maxHops) {
            ttlRejected.incrementAndGet();
            e.ttlDropped++;
            LOG.debug("BFD_Instance({}) packet with TTL {} dropped", e.config.name(), d.ttl());
            return;
        }
        e.session.receive(p, d.arrivalNanos());
        e.reschedule(e.session.runTimers(System.nanoTime()));
    }

    private Entry byNeighbor(InetAddress source, boolean multihop) {
        for (Entry e : sessions.values()) {
            if (e.multihop() == multihop && sameAddress(e.config.neighbor(), source)) {
                return e;
            }
        }
        return null;
    }

    private static boolean sameAddress(InetAddress a, InetAddress b) {
        return java.util.Arrays.equals(a.getAddress(), b.getAddress());
    }

    /** Takes every session AdminDown (the peers are told) and closes them; the engine keeps running. */
    public void stopSessions() {
        call(() -> {
            new ArrayList<>(sessions.values()).forEach(this::remove);
            return null;
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        stopSessions();
        closed = true;
        call(() -> {
            receivers.values().forEach(Receiver::close);
            receivers.clear();
            return null;
        });
        thread.shutdownNow();
    }

    private <T> T call(java.util.concurrent.Callable<T> task) {
        if (Thread.currentThread() == engineThread) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return thread.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One session with its sending socket and timer. */
    private final class Entry {
        BfdInstance config;
        BfdSession session;
        final BfdSocket sender;
        final int port;
        ScheduledFuture<?> timer;
        long timerAt = Long.MAX_VALUE;
        long ttlDropped;
        Instant lastChange = Instant.now();

        Entry(BfdInstance config, BfdSocket sender, int port) {
            this.config = config;
            this.sender = sender;
            this.port = port;
        }

        boolean multihop() {
            return port == BfdSocket.MULTIHOP_PORT;
        }

        void send(BfdPacket p) {
            try {
                sender.send(p.encode(), config.neighbor(), port);
            } catch (ErrnoException ex) {
                sendErrors.incrementAndGet();
                LOG.debug("BFD_Instance({}) send failed: {}", config.name(), ex.getMessage());
            }
        }

        void reschedule(long at) {
            if (at == timerAt && timer != null && !timer.isDone()) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            timerAt = at;
            if (at == Long.MAX_VALUE || closed) {
                timer = null;
                return;
            }
            timer = thread.schedule(
                    () -> {
                        if (sessions.get(config.name()) == this) {
                            timerAt = Long.MAX_VALUE;
                            reschedule(session.runTimers(System.nanoTime()));
                        }
                    },
                    Math.max(0, at - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        }

        SessionInfo info() {
            BfdSession s = session;
            return new SessionInfo(
                    config.name(),
                    config.neighbor(),
                    config.source(),
                    multihop(),
                    s.state(),
                    s.remoteState(),
                    s.localDiscriminator(),
                    s.remoteDiscriminator(),
                    s.transmitIntervalMicros(),
                    s.detectionTimeNanos(),
                    s.remoteMinRxMicros(),
                    s.remoteDesiredMinTxMicros(),
                    s.packetsReceived(),
                    s.packetsSent(),
                    s.upTransitions(),
                    s.downTransitions(),
                    s.lastDownDiagnostic());
        }

        BfdSessionView view() {
            BfdSession s = session;
            long rxMicros = Math.max(s.timing().minRxMicros(), s.remoteDesiredMinTxMicros());
            return new BfdSessionView(
                    config.name(),
                    config.neighbor(),
                    config.source(),
                    multihop(),
                    s.state().toString(),
                    s.remoteState().toString(),
                    Integer.toUnsignedLong(s.localDiscriminator()),
                    Integer.toUnsignedLong(s.remoteDiscriminator()),
                    Duration.ofNanos(s.transmitIntervalMicros() * 1000),
                    Duration.ofNanos(rxMicros * 1000),
                    Duration.ofNanos(s.detectionTimeNanos()),
                    s.packetsReceived(),
                    s.packetsSent(),
                    s.packetsDiscarded() + ttlDropped,
                    s.upTransitions(),
                    s.downTransitions(),
                    s.lastDownDiagnostic().toString(),
                    lastChange);
        }

        void close() {
            if (timer != null) {
                timer.cancel(false);
            }
            sender.close();
        }
    }

    /** A receive socket and the thread that reads it. */
    private static final class Receiver {
        record Key(boolean v6, int port) {}

        final BfdSocket socket;
        final Thread reader;
        volatile boolean running = true;

        Receiver(BfdSocket socket, int port, BfdEngine engine) {
            this.socket = socket;
            reader = new Thread(
                    () -> {
                        while (running) {
                            try {
                                BfdSocket.Datagram d = socket.receive(Duration.ofMillis(200));
                                if (d != null && running) {
                                    engine.thread.execute(() -> engine.dispatch(d, port));
                                }
                            } catch (RuntimeException e) {
                                if (running) {
                                    LOG.warn("BFD receive on port {} failed", port, e);
                                }
                            }
                        }
                    },
                    "keepalived-bfd-rx-" + (socket.isIpv6() ? "v6-" : "v4-") + port);
            reader.setDaemon(true);
            reader.setPriority(Thread.MAX_PRIORITY);
            reader.start();
        }

        void close() {
            running = false;
            try {
                reader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.close();
        }
    }
}
