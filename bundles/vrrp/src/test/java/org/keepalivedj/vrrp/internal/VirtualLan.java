package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keepalivedj.api.model.AdvertOptions;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.vrrp.VirtualScheduler;
import org.keepalivedj.vrrp.VrrpAdvert;

/**
 * Routers on one virtual segment: an advert one sends reaches all the others (after an optional
 * delay), on virtual time. Records what happened for assertions.
 */
final class VirtualLan implements StateEffects {

    record Sent(long atNanos, String from, int priority) {}

    record Transition(long atNanos, String instance, InstanceState from, InstanceState to) {}

    final VirtualScheduler scheduler = new VirtualScheduler();
    final List<VrrpStateMachine> routers = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    final List<Transition> transitions = new ArrayList<>();
    final Set<String> addressHolders = new HashSet<>();
    final Set<String> unplugged = new HashSet<>();
    long delayNanos;
    /** Time between an advert's arrival (stamped by the kernel) and the state machine handling it. */
    long handlingDelayNanos;

    VrrpStateMachine router(
            String name,
            int lastOctet,
            int version,
            int priority,
            Duration interval,
            boolean preempt,
            Duration preemptDelay)
            throws Exception {
        return router(
                lastOctet,
                new MachineSettings(
                        name,
                        51,
                        version,
                        priority,
                        MachineSettings.advertField(version, interval),
                        preempt,
                        preemptDelay.toNanos(),
                        false,
                        AdvertOptions.RFC));
    }

    VrrpStateMachine router(int lastOctet, MachineSettings s) throws Exception {
        VrrpStateMachine m = new VrrpStateMachine(s, scheduler, this);
        m.ownAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) lastOctet}));
        routers.add(m);
        return m;
    }

    VrrpStateMachine router(String name, int lastOctet, int priority) throws Exception {
        return router(name, lastOctet, 3, priority, Duration.ofSeconds(1), true, Duration.ZERO);
    }

    @Override
    public void sendAdvert(VrrpStateMachine from, int priority) {
        if (unplugged.contains(from.name())) {
            return;
        }
        sent.add(new Sent(scheduler.nanoTime(), from.name(), priority));
        VrrpAdvert advert = from.settings.version() == 2
                ? VrrpAdvert.v2(from.settings.vrid(), priority, from.settings.advertField(), null, List.of())
                : VrrpAdvert.v3(from.settings.vrid(), priority, from.settings.advertField(), List.of());
        InetAddress source = from.ownAddress();
        for (VrrpStateMachine to : routers) {
            if (to != from && to.settings.vrid() == from.settings.vrid() && !unplugged.contains(to.name())) {
                long arrival = scheduler.nanoTime() + delayNanos;
                scheduler.schedule(delayNanos + handlingDelayNanos, () -> to.onAdvert(advert, source, arrival));
            }
        }
    }

    @Override
    public void takeAddresses(VrrpStateMachine instance) {
        addressHolders.add(instance.name());
    }

    @Override
    public void releaseAddresses(VrrpStateMachine instance) {
        addressHolders.remove(instance.name());
    }

    @Override
    public void stateChanged(VrrpStateMachine instance, InstanceState from, InstanceState to) {
        transitions.add(new Transition(scheduler.nanoTime(), instance.name(), from, to));
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    /** The router crashes: no priority 0, its timers die with it, it keeps its addresses. */
    void kill(VrrpStateMachine m) {
        unplugged.add(m.name());
        routers.remove(m);
    }

    Sent lastSentBy(String name) {
        Sent last = null;
        for (Sent s : sent) {
            if (s.from().equals(name)) {
                last = s;
            }
        }
        return last;
    }

    Sent firstSentByAfter(String name, long atNanos) {
        return sent.stream()
                .filter(s -> s.from().equals(name) && s.atNanos() > atNanos)
                .findFirst()
                .orElse(null);
    }
}
