package org.keepalivedj.vrrp.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.keepalivedj.api.model.GarpGroup;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.vrrp.VrrpScheduler;

/**
 * vrrp_garp_interval / vrrp_gna_interval and garp_group: gratuitous ARPs (and, separately,
 * unsolicited NAs) leave an interface at least the interval apart, whichever instance sends them,
 * and the interfaces of one garp_group share one such spacing. An interface in no group has its own,
 * with the global intervals. A message that cannot go yet waits; one for an address that is already
 * waiting is not queued twice, and the waiting ones go in configuration order (instance, then
 * address), whenever they were queued: both as keepalived 2.2.7 does on the wire. Timer thread.
 */
final class GarpPacing {

    /** The interfaces that share one spacing, and its interval, for one family. */
    private record LaneSpec(Set<String> interfaces, boolean ipv6, long intervalNanos) {}

    /** A message for one address; rank: its instance's place in the config, then the address's. */
    private record Waiting(String device, boolean ipv6, long rank, BooleanSupplier send) {}

    private final VrrpScheduler scheduler;
    private Map<String, GarpGroup> groupOf = Map.of();
    private Map<String, Integer> instanceOrder = Map.of();
    private long globalGarpNanos;
    private long globalGnaNanos;
    private final Map<LaneSpec, Lane> lanes = new HashMap<>();

    GarpPacing(VrrpScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Takes the intervals and the instances' order of a (new) config; messages waiting on a lane that
     * changed are paced anew.
     */
    void configure(GlobalDefs globals, List<GarpGroup> groups, List<String> instances) {
        Map<String, Integer> order = new HashMap<>();
        for (String name : instances) {
            order.putIfAbsent(name, order.size());
        }
        instanceOrder = order;
        globalGarpNanos = globals.vrrpGarp().interval().toNanos();
        globalGnaNanos = globals.vrrpGarp().gnaInterval().toNanos();
        Map<String, GarpGroup> byInterface = new HashMap<>();
        for (GarpGroup g : groups) {
            if (g.garpInterval() != null || g.gnaInterval() != null) {
                g.interfaces().forEach(i -> byInterface.put(i, g));
            }
        }
        groupOf = byInterface;
        List<Waiting> orphans = new ArrayList<>();
        for (var it = lanes.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            String member = e.getKey().interfaces().iterator().next();
            if (!spec(member, e.getKey().ipv6()).equals(e.getKey())) {
                it.remove();
                orphans.addAll(e.getValue().drop());
            }
        }
        orphans.forEach(this::offer);
    }

    /**
     * Sends now if the interface's lane allows, else queues. send returns false when the message is
     * no longer wanted (its instance left MASTER); that frees the slot for the next one.
     */
    void send(String device, boolean ipv6, String instance, int addressIndex, BooleanSupplier send) {
        long rank = ((long) instanceOrder.getOrDefault(instance, Integer.MAX_VALUE) << 32) | addressIndex;
        offer(new Waiting(device, ipv6, rank, send));
    }

    private void offer(Waiting w) {
        LaneSpec spec = spec(w.device(), w.ipv6());
        if (spec.intervalNanos() <= 0) {
            w.send().getAsBoolean();
        } else {
            lanes.computeIfAbsent(spec, s -> new Lane(s.intervalNanos())).offer(w);
        }
    }

    /** Drops every waiting message (the engine stops). */
    void clear() {
        lanes.values().forEach(Lane::drop);
        lanes.clear();
    }

    private LaneSpec spec(String device, boolean ipv6) {
        GarpGroup g = groupOf.get(device);
        if (g == null) {
            return new LaneSpec(Set.of(device), ipv6, ipv6 ? globalGnaNanos : globalGarpNanos);
        }
        Duration d = ipv6 ? g.gnaInterval() : g.garpInterval();
        return new LaneSpec(Set.copyOf(g.interfaces()), ipv6, d == null ? 0 : d.toNanos());
    }

    /** One spacing: when the next message may leave, and the messages waiting for it in order. */
    private final class Lane {
        private final long intervalNanos;
        private final TreeMap<Long, Waiting> waiting = new TreeMap<>();
        private long nextFreeNanos;
        private VrrpScheduler.Timer timer;

        Lane(long intervalNanos) {
            this.intervalNanos = intervalNanos;
            this.nextFreeNanos = scheduler.nanoTime();
        }

        void offer(Waiting w) {
            long now = scheduler.nanoTime();
            if (waiting.isEmpty() && now - nextFreeNanos >= 0) {
                if (w.send().getAsBoolean()) {
                    nextFreeNanos = now + intervalNanos;
                }
                return;
            }
            waiting.putIfAbsent(w.rank(), w);
            armTimer(now);
        }

        private void armTimer(long now) {
            if (timer == null && !waiting.isEmpty()) {
                timer = scheduler.schedule(Math.max(0, nextFreeNanos - now), this::sendNext);
            }
        }

        private void sendNext() {
            timer = null;
            long now = scheduler.nanoTime();
            while (!waiting.isEmpty()) {
                if (waiting.pollFirstEntry().getValue().send().getAsBoolean()) {
                    nextFreeNanos = now + intervalNanos;
                    break;
                }
            }
            armTimer(now);
        }

        List<Waiting> drop() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            List<Waiting> out = new ArrayList<>(waiting.values());
            waiting.clear();
            return out;
        }
    }
}
