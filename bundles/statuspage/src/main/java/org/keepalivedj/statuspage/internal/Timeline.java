package org.keepalivedj.statuspage.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.keepalivedj.api.bfd.BfdRuntime;
import org.keepalivedj.api.bfd.BfdSessionListener;
import org.keepalivedj.api.bfd.BfdSessionView;
import org.keepalivedj.api.lvs.LvsRuntime;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpRuntime;
import org.keepalivedj.api.vrrp.VrrpStateListener;

/**
 * The last N transitions (VRRP and BFD state changes, real servers and quorums going up or down),
 * newest first. Listeners call in on the VRRP, BFD and health-check threads: recording is a short synchronized
 * append, so they return at once.
 */
final class Timeline implements VrrpStateListener, LvsStateListener, BfdSessionListener {

    record Event(Instant at, String kind, String subject, String from, String to) {}

    /** The "from" of a seeded event: the state was found, not seen changing. */
    static final String FOUND = "found";

    private final int capacity;
    private final Clock clock;
    private final Deque<Event> events = new ArrayDeque<>();

    Timeline(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("timeline capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public void stateChanged(VrrpInstanceView instance, InstanceState from, InstanceState to) {
        record(new Event(clock.instant(), "vrrp", instance.name(), String.valueOf(from), String.valueOf(to)));
    }

    @Override
    public void stateChanged(BfdSessionView session, String from, String to) {
        record(new Event(clock.instant(), "bfd", session.name(), from, to));
    }

    @Override
    public void realServerChanged(VirtualServerView virtualServer, RealServerView realServer, boolean up) {
        record(new Event(
                clock.instant(),
                "real-server",
                virtualServer.key() + " " + realServer.key(),
                up ? "DOWN" : "UP",
                up ? "UP" : "DOWN"));
    }

    @Override
    public void quorumChanged(VirtualServerView virtualServer, boolean up) {
        record(new Event(clock.instant(), "quorum", virtualServer.key(), up ? "LOST" : "MET", up ? "MET" : "LOST"));
    }

    /**
     * Seeds the timeline with the states the instances are in now, so a page opened after the last
     * transition is not empty. Called when the runtime arrives (the runtime binds this as a listener
     * on its own): an instance that already has an event (a transition raced the seeding) keeps it
     * and gets no seed.
     */
    void seed(VrrpRuntime runtime) {
        for (VrrpInstanceView i : runtime.instances()) {
            seedUnlessKnown(new Event(clock.instant(), "vrrp", i.name(), FOUND, String.valueOf(i.state())));
        }
    }

    /** Seeds with every real server's current health (and every unmet quorum), as {@link #seed(VrrpRuntime)}. */
    void seed(LvsRuntime runtime) {
        for (VirtualServerView vs : runtime.virtualServers()) {
            for (RealServerView rs : vs.realServers()) {
                seedUnlessKnown(new Event(
                        clock.instant(), "real-server", vs.key() + " " + rs.key(), FOUND, rs.up() ? "UP" : "DOWN"));
            }
            if (!vs.quorumUp()) {
                seedUnlessKnown(new Event(clock.instant(), "quorum", vs.key(), FOUND, "LOST"));
            }
        }
    }

    /** Seeds with every BFD session's current state, as {@link #seed(VrrpRuntime)}. */
    void seed(BfdRuntime runtime) {
        for (BfdSessionView s : runtime.sessions()) {
            seedUnlessKnown(new Event(clock.instant(), "bfd", s.name(), FOUND, s.state()));
        }
    }

    private synchronized void seedUnlessKnown(Event e) {
        boolean known = events.stream()
                .anyMatch(k -> k.kind().equals(e.kind()) && k.subject().equals(e.subject()));
        if (!known) {
            record(e);
        }
    }

    synchronized void record(Event e) {
        events.addFirst(e);
        while (events.size() > capacity) {
            events.removeLast();
        }
    }

    /** Newest first. */
    synchronized List<Event> recent() {
        return new ArrayList<>(events);
    }
}
