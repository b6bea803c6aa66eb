package org.keepalivedj.bfd;

import java.util.random.RandomGenerator;

/**
 * One asynchronous-mode BFD session's state machine (RFC 5880 section 6): the three-way handshake,
 * the detection timer, jittered periodic transmission and the Poll Sequence that announces a timer
 * change. It owns no thread and reads no clock: whoever drives it passes the time (nanoseconds on
 * one monotonic clock) to {@link #receive} and {@link #runTimers}, and calls runTimers again at the
 * time runTimers returned. All calls must come from one thread.
 */
public final class BfdSession {

    /** Where the session's packets go. */
    public interface Transmitter {
        void send(BfdPacket packet);
    }

    /** Told every state change, on the driving thread. */
    public interface Listener {
        void stateChanged(BfdSession session, BfdState from, BfdState to, Diagnostic diagnostic);
    }

    private static final long NEVER = Long.MAX_VALUE;

    private final String name;
    private final int localDiscriminator;
    private final Transmitter transmitter;
    private final Listener listener;
    private final RandomGenerator random;
    private BfdTiming timing;

    private BfdState state = BfdState.DOWN;
    private Diagnostic localDiagnostic = Diagnostic.NONE;
    private BfdState remoteState = BfdState.DOWN;
    private int remoteDiscriminator;
    /** bfd.RemoteMinRxInterval starts at 1 µs so that the first packets go out (RFC 5880 section 6.8.1). */
    private long remoteMinRxMicros = 1;

    private long remoteDesiredMinTxMicros;
    private int remoteMultiplier;
    /** What we advertise as Desired Min TX, and the value our transmit interval uses (they differ while a Poll Sequence holds back an increase). */
    private long desiredMinTxMicros;

    private long txInUseMicros;
    private boolean polling;
    private long nextTransmit;
    private long detectionDeadline = NEVER;

    private long received;
    private long sent;
    private long discarded;
    private long upTransitions;
    private long downTransitions;
    private Diagnostic lastDownDiagnostic = Diagnostic.NONE;

    public BfdSession(
            String name,
            int localDiscriminator,
            BfdTiming timing,
            Transmitter transmitter,
            Listener listener,
            RandomGenerator random,
            long now) {
        if (localDiscriminator == 0) {
            throw new IllegalArgumentException("the local discriminator must not be 0");
        }
        this.name = name;
        this.localDiscriminator = localDiscriminator;
        this.timing = timing;
        this.transmitter = transmitter;
        this.listener = listener;
        this.random = random;
        this.desiredMinTxMicros = timing.idleTxMicros();
        this.txInUseMicros = desiredMinTxMicros;
        this.nextTransmit = timing.passive() ? NEVER : now;
    }

    /**
     * Handles a received packet already checked by {@link BfdPacket#decode} and demultiplexed to this
     * session (RFC 5880 section 6.8.6). Returns false when the session discarded it.
     */
    public boolean receive(BfdPacket p, long now) {
        if (p.yourDiscriminator() != 0 && p.yourDiscriminator() != localDiscriminator) {
            discarded++;
            return false;
        }
        received++;
        remoteDiscriminator = p.myDiscriminator();
        remoteState = p.state();
        remoteMultiplier = p.detectMultiplier();
        remoteDesiredMinTxMicros = p.desiredMinTxMicros();
        long previousRemoteMinRx = remoteMinRxMicros;
        remoteMinRxMicros = p.requiredMinRxMicros();
        if (p.fin() && polling) {
            polling = false;
            txInUseMicros = desiredMinTxMicros;
        }
        detectionDeadline = now + detectionTimeNanos();
        if (state == BfdState.ADMIN_DOWN) {
            return true;
        }
        BfdState next = state;
        Diagnostic diagnostic = localDiagnostic;
        if (p.state() == BfdState.ADMIN_DOWN) {
            if (state != BfdState.DOWN) {
                next = BfdState.DOWN;
                diagnostic = Diagnostic.NEIGHBOR_SIGNALED_DOWN;
            }
        } else if (state == BfdState.DOWN) {
            if (p.state() == BfdState.DOWN) {
                next = BfdState.INIT;
            } else if (p.state() == BfdState.INIT) {
                next = BfdState.UP;
            }
        } else if (state == BfdState.INIT) {
            if (p.state() == BfdState.INIT || p.state() == BfdState.UP) {
                next = BfdState.UP;
            }
        } else if (p.state() == BfdState.DOWN) {
            next = BfdState.DOWN;
            diagnostic = Diagnostic.NEIGHBOR_SIGNALED_DOWN;
        }
        if (next != state) {
            changeState(next, diagnostic, now);
        } else if (nextTransmit == NEVER || remoteMinRxMicros < previousRemoteMinRx) {
            // A passive session's first packet, or the peer now wants packets sooner: send on the new interval.
            scheduleTransmit(now);
        }
        if (p.poll()) {
            // The Final answers at once, whatever the transmit timer says (section 6.8.6).
            send(false, true);
        }
        return true;
    }

    /** Runs the timers that are due at this time; returns when to call again. */
    public long runTimers(long now) {
        if (detectionDeadline <= now) {
            detectionDeadline = NEVER;
            remoteDiscriminator = 0;
            remoteState = BfdState.DOWN;
            if (state == BfdState.INIT || state == BfdState.UP) {
                changeState(BfdState.DOWN, Diagnostic.CONTROL_DETECTION_TIME_EXPIRED, now);
            }
            if (timing.passive()) {
                nextTransmit = NEVER;
            }
        }
        if (nextTransmit <= now) {
            if (remoteMinRxMicros != 0 && !(timing.passive() && remoteDiscriminator == 0)) {
                send(polling, false);
            }
            scheduleTransmit(now);
        }
        return Math.min(nextTransmit, detectionDeadline);
    }

    /** New local timers (a reload): announced with a Poll Sequence when the session is Up. */
    public void retime(BfdTiming newTiming, long now) {
        timing = newTiming;
        applyDesiredTx(now);
    }

    /** Takes the session administratively down (at stop) and tells the peer once. */
    public void adminDown(long now) {
        polling = false;
        if (state != BfdState.ADMIN_DOWN) {
            changeState(BfdState.ADMIN_DOWN, Diagnostic.ADMINISTRATIVELY_DOWN, now);
        }
    }

    private void changeState(BfdState next, Diagnostic diagnostic, long now) {
        BfdState from = state;
        state = next;
        localDiagnostic = next == BfdState.UP ? Diagnostic.NONE : diagnostic;
        if (next == BfdState.UP) {
            upTransitions++;
        } else if (from == BfdState.UP) {
            downTransitions++;
            lastDownDiagnostic = diagnostic;
        }
        if (next != BfdState.UP) {
            polling = false;
        }
        applyDesiredTx(now);
        // A state change goes out at once rather than at the next periodic slot: it is what completes
        // the handshake (and tells the peer we went down) without waiting up to an idle interval.
        if (remoteMinRxMicros != 0 && !(timing.passive() && remoteDiscriminator == 0)) {
            send(polling, false);
        }
        scheduleTransmit(now);
        listener.stateChanged(this, from, next, localDiagnostic);
    }

    /** Recomputes the advertised Desired Min TX; a change while Up starts a Poll Sequence (section 6.8.3). */
    private void applyDesiredTx(long now) {
        long wanted = state == BfdState.UP ? timing.minTxMicros() : timing.idleTxMicros();
        if (wanted == desiredMinTxMicros) {
            return;
        }
        boolean increase = wanted > desiredMinTxMicros;
        desiredMinTxMicros = wanted;
        if (state == BfdState.UP) {
            polling = true;
            // A slower rate must wait for the peer's Final (it may still time us on the faster one).
            if (!increase) {
                txInUseMicros = wanted;
            }
        } else {
            txInUseMicros = wanted;
        }
        if (detectionDeadline != NEVER) {
            detectionDeadline = Math.min(detectionDeadline, now + detectionTimeNanos());
        }
    }

    private void send(boolean poll, boolean fin) {
        sent++;
        transmitter.send(BfdPacket.of(
                localDiagnostic,
                state,
                poll && !fin,
                fin,
                timing.multiplier(),
                localDiscriminator,
                remoteDiscriminator,
                desiredMinTxMicros,
                timing.minRxMicros()));
    }

    /** The next periodic packet: the interval less 0-25 % jitter, or 10-25 % with a multiplier of 1 (section 6.8.7). */
    private void scheduleTransmit(long now) {
        if (timing.passive() && remoteDiscriminator == 0) {
            nextTransmit = NEVER;
            return;
        }
        long interval = transmitIntervalMicros() * 1000;
        double factor =
                timing.multiplier() == 1 ? 0.75 + random.nextDouble() * 0.15 : 0.75 + random.nextDouble() * 0.25;
        nextTransmit = now + (long) (interval * factor);
    }

    /** max(bfd.DesiredMinTxInterval, bfd.RemoteMinRxInterval), section 6.8.7. */
    public long transmitIntervalMicros() {
        return Math.max(txInUseMicros, remoteMinRxMicros);
    }

    /**
     * The Detection Time in asynchronous mode (section 6.8.4): the peer's Detect Mult times the
     * larger of our Required Min RX and the peer's last Desired Min TX.
     */
    public long detectionTimeNanos() {
        return remoteMultiplier * Math.max(timing.minRxMicros(), remoteDesiredMinTxMicros) * 1000;
    }

    public String name() {
        return name;
    }

    public BfdState state() {
        return state;
    }

    public BfdState remoteState() {
        return remoteState;
    }

    public Diagnostic localDiagnostic() {
        return localDiagnostic;
    }

    public int localDiscriminator() {
        return localDiscriminator;
    }

    public int remoteDiscriminator() {
        return remoteDiscriminator;
    }

    public long remoteMinRxMicros() {
        return remoteMinRxMicros;
    }

    public long remoteDesiredMinTxMicros() {
        return remoteDesiredMinTxMicros;
    }

    public int remoteMultiplier() {
        return remoteMultiplier;
    }

    public long desiredMinTxMicros() {
        return desiredMinTxMicros;
    }

    public boolean isPolling() {
        return polling;
    }

    public BfdTiming timing() {
        return timing;
    }

    public long packetsReceived() {
        return received;
    }

    public long packetsSent() {
        return sent;
    }

    public long packetsDiscarded() {
        return discarded;
    }

    public long upTransitions() {
        return upTransitions;
    }

    public long downTransitions() {
        return downTransitions;
    }

    /** Why the session last left Up; NONE if it never did. */
    public Diagnostic lastDownDiagnostic() {
        return lastDownDiagnostic;
    }
}
