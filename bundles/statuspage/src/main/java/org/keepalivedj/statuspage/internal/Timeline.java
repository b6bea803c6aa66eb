package org.keepalivedj.statuspage.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpStateListener;

/**
 * The last N transitions (VRRP state changes, real servers and quorums going up or down), newest
 * first. Listeners call in on the VRRP and health-check threads: recording is a short synchronized
 * append, so they return at once.
 */
final class Timeline implements VrrpStateListener, LvsStateListener {

    record Event(Instant at, String kind, String subject, String from, String to) {
    }

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
    public void realServerChanged(VirtualServerView virtualServer, RealServerView realServer, boolean up) {
        record(new Event(clock.instant(), "real-server", virtualServer.key() + " " + realServer.key(),
                up ? "DOWN" : "UP", up ? "UP" : "DOWN"));
    }

    @Override
    public void quorumChanged(VirtualServerView virtualServer, boolean up) {
        record(new Event(clock.instant(), "quorum", virtualServer.key(), up ? "LOST" : "MET", up ? "MET" : "LOST"));
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
