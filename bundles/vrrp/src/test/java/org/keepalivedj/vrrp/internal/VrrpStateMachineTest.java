package org.keepalivedj.vrrp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.model.AdvertOptions;
import org.keepalivedj.api.vrrp.InstanceState;

/** RFC 5798 scenarios and keepalived's extensions, on virtual time. */
class VrrpStateMachineTest {

    private static final long SECOND = 1_000_000_000L;
    private final VirtualLan lan = new VirtualLan();

    private static Duration s(double seconds) {
        return Duration.ofNanos((long) (seconds * SECOND));
    }

    @Test
    void higherPriorityWinsAndOnlyItHoldsTheAddresses() throws Exception {
        VrrpStateMachine a = lan.router("A", 1, 200);
        VrrpStateMachine b = lan.router("B", 2, 100);
        a.start();
        b.start();
        assertEquals(InstanceState.BACKUP, a.state());
        lan.advance(s(10));
        assertEquals(InstanceState.MASTER, a.state());
        assertEquals(InstanceState.BACKUP, b.state());
        assertEquals(Set.of("A"), lan.addressHolders);
        // A became master when its own Master_Down_Interval ran out: 3 + (256-200)/256 s
        assertEquals(
                3 * SECOND + 56 * SECOND / 256,
                lan.transitions.stream()
                        .filter(t -> t.to() == InstanceState.MASTER)
                        .findFirst()
                        .orElseThrow()
                        .atNanos());
        assertEquals(a.ownAddress(), b.masterAddress());
        assertEquals(200, b.masterPriority());
    }

    @Test
    void anOwnerBecomesMasterAtOnce() throws Exception {
        VrrpStateMachine owner = lan.router("O", 1, 255);
        owner.start();
        assertEquals(InstanceState.MASTER, owner.state());
        assertEquals(255, lan.sent.get(0).priority());
    }

    /** A (150) and B (100) converge, A is killed: B's first advert after A's last, in nanoseconds. */
    private long takeoverGapAfterKillingTheMaster() throws Exception {
        VrrpStateMachine a = lan.router("A", 1, 150);
        VrrpStateMachine b = lan.router("B", 2, 100);
        a.start();
        b.start();
        lan.advance(s(10));
        lan.kill(a);
        lan.advance(s(10));
        assertEquals(InstanceState.MASTER, b.state());
        long last = lan.lastSentBy("A").atNanos();
        return lan.firstSentByAfter("B", last).atNanos() - last;
    }

    @Test
    void aKilledMasterIsReplacedAfterMasterDownInterval() throws Exception {
        assertEquals(
                3 * SECOND + 156 * SECOND / 256, takeoverGapAfterKillingTheMaster()); // 3.609375 s, as the lab measured
    }

    @Test
    void masterDownIntervalCountsFromTheAdvertsArrivalNotFromItsHandling() throws Exception {
        lan.handlingDelayNanos = 5_000_000L; // the receive thread and the timer thread took 5 ms to get to it
        assertEquals(3 * SECOND + 156 * SECOND / 256, takeoverGapAfterKillingTheMaster());
    }

    @Test
    void anArrivalStampOlderThanAnIntervalIsNotTrusted() throws Exception {
        lan.handlingDelayNanos = 1_500_000_000L; // longer than advert_int 1: a stepped clock, not a slow thread
        assertEquals(1_500_000_000L + 3 * SECOND + 156 * SECOND / 256, takeoverGapAfterKillingTheMaster());
    }

    @Test
    void aGracefulStopHandsOverAfterSkewTime() throws Exception {
        VrrpStateMachine a = lan.router("A", 1, 150);
        VrrpStateMachine b = lan.router("B", 2, 100);
        a.start();
        b.start();
        lan.advance(s(10));
        long stopAt = lan.scheduler.nanoTime();
        a.stop();
        assertEquals(InstanceState.STOP, a.state());
        assertEquals(0, lan.lastSentBy("A").priority());
        assertEquals(1, a.counters.priorityZeroSent.get());
        lan.advance(s(2));
        assertEquals(InstanceState.MASTER, b.state());
        assertEquals(156 * SECOND / 256, lan.firstSentByAfter("B", stopAt).atNanos() - stopAt);
        assertEquals(Set.of("B"), lan.addressHolders);
        assertEquals(1, b.counters.priorityZeroReceived.get());
    }

    @Test
    void preemptReturnsMastershipToTheHigherPriority() throws Exception {
        VrrpStateMachine b = lan.router("B", 2, 100);
        b.start();
        lan.advance(s(5));
        assertEquals(InstanceState.MASTER, b.state());
        VrrpStateMachine a = lan.router("A", 1, 200);
        a.start();
        lan.advance(s(5));
        assertEquals(InstanceState.MASTER, a.state());
        assertEquals(InstanceState.BACKUP, b.state());
        assertEquals(Set.of("A"), lan.addressHolders);
    }

    @Test
    void nopreemptLeavesTheMasterAlone() throws Exception {
        VrrpStateMachine b = lan.router("B", 2, 100);
        b.start();
        lan.advance(s(5));
        VrrpStateMachine a = lan.router("A", 1, 3, 200, Duration.ofSeconds(1), false, Duration.ZERO);
        a.start();
        lan.advance(s(30));
        assertEquals(InstanceState.BACKUP, a.state());
        assertEquals(InstanceState.MASTER, b.state());
    }

    @Test
    void preemptDelayWaitsBeforeTakingOver() throws Exception {
        VrrpStateMachine b = lan.router("B", 2, 100);
        b.start();
        lan.advance(s(5));
        long start = lan.scheduler.nanoTime();
        VrrpStateMachine a = lan.router("A", 1, 3, 200, Duration.ofSeconds(1), true, Duration.ofSeconds(10));
        a.start();
        lan.advance(s(9));
        assertEquals(InstanceState.BACKUP, a.state());
        lan.advance(s(10));
        assertEquals(InstanceState.MASTER, a.state());
        long tookOver = lan.transitions.stream()
                .filter(t -> t.instance().equals("A") && t.to() == InstanceState.MASTER)
                .findFirst()
                .orElseThrow()
                .atNanos();
        assertTrue(tookOver - start >= 10 * SECOND, "took over after " + (tookOver - start));
        assertTrue(tookOver - start <= 15 * SECOND, "took over after " + (tookOver - start));
    }

    @Test
    void v3BackupsLearnTheMastersInterval() throws Exception {
        VrrpStateMachine a = lan.router("A", 1, 3, 150, Duration.ofMillis(100), true, Duration.ZERO);
        VrrpStateMachine b = lan.router("B", 2, 3, 100, Duration.ofSeconds(1), true, Duration.ZERO);
        a.start();
        lan.advance(s(5));
        b.start();
        lan.advance(s(1));
        assertEquals(100_000_000L, b.masterAdverNanos());
        lan.kill(a);
        lan.advance(s(2));
        long last = lan.lastSentBy("A").atNanos();
        long first = lan.firstSentByAfter("B", last).atNanos();
        assertEquals(300_000_000L + 156 * 100_000_000L / 256, first - last);
    }

    @Test
    void v2RoundsAFractionalIntervalUp() {
        assertEquals(1, MachineSettings.advertField(2, Duration.ofMillis(100)));
        assertEquals(2, MachineSettings.advertField(2, Duration.ofMillis(1500)));
        assertEquals(10, MachineSettings.advertField(3, Duration.ofMillis(100)));
        assertEquals(1, MachineSettings.advertField(3, Duration.ofMillis(10)));
    }

    @Test
    void equalPrioritiesAreDecidedByTheHigherAddress() throws Exception {
        VrrpStateMachine low = lan.router("low", 1, 100);
        VrrpStateMachine high = lan.router("high", 9, 100);
        // both become master at the same instant, then hear each other
        low.start();
        high.start();
        lan.advance(s(10));
        assertEquals(InstanceState.MASTER, high.state());
        assertEquals(InstanceState.BACKUP, low.state());
    }

    @Test
    void aFaultMakesTheMasterSendPriorityZeroAndTheBackupTakesOver() throws Exception {
        VrrpStateMachine a = lan.router("A", 1, 150);
        VrrpStateMachine b = lan.router("B", 2, 100);
        InstanceTracker tracker = new InstanceTracker(a);
        tracker.track("interface eth1", 0, false, true);
        a.start();
        b.start();
        lan.advance(s(10));
        tracker.update("interface eth1", false);
        assertEquals(InstanceState.FAULT, a.state());
        assertEquals(List.of("interface eth1 down"), a.faultReasons());
        assertEquals(0, lan.lastSentBy("A").priority());
        lan.advance(s(1));
        assertEquals(InstanceState.MASTER, b.state());
        assertEquals(Set.of("B"), lan.addressHolders);
        tracker.update("interface eth1", true);
        assertEquals(InstanceState.BACKUP, a.state());
        lan.advance(s(10));
        assertEquals(InstanceState.MASTER, a.state()); // preempts back
    }

    @Test
    void aNegativeScriptWeightHandsMastershipOver() throws Exception {
        VrrpStateMachine a = lan.router("A", 1, 150);
        VrrpStateMachine b = lan.router("B", 2, 100);
        InstanceTracker tracker = new InstanceTracker(a);
        tracker.track("script chk", -60, false, true);
        a.start();
        b.start();
        lan.advance(s(10));
        assertEquals(InstanceState.MASTER, a.state());
        tracker.update("script chk", false);
        assertEquals(90, a.effectivePriority());
        lan.advance(s(10));
        assertEquals(InstanceState.MASTER, b.state());
        assertEquals(InstanceState.BACKUP, a.state());
    }

    @Test
    void aSyncGroupMovesTogetherAndFaultsTogether() throws Exception {
        VrrpStateMachine a1 = lan.router(1, settings("A1", 51, 150));
        VrrpStateMachine a2 = lan.router(1, settings("A2", 52, 150));
        VrrpStateMachine b1 = lan.router(2, settings("B1", 51, 100));
        VrrpStateMachine b2 = lan.router(2, settings("B2", 52, 100));
        SyncGroupCoordinator ga = new SyncGroupCoordinator("GA");
        ga.add(a1);
        ga.add(a2);
        SyncGroupCoordinator gb = new SyncGroupCoordinator("GB");
        gb.add(b1);
        gb.add(b2);
        InstanceTracker t2 = new InstanceTracker(a2);
        t2.track("interface eth1", 0, false, true);
        for (VrrpStateMachine m : List.of(a1, a2, b1, b2)) {
            m.start();
        }
        lan.advance(s(10));
        assertEquals(Set.of("A1", "A2"), lan.addressHolders);
        t2.update("interface eth1", false);
        assertEquals(InstanceState.FAULT, a1.state()); // the healthy member follows
        assertEquals(InstanceState.FAULT, a2.state());
        lan.advance(s(2));
        assertEquals(Set.of("B1", "B2"), lan.addressHolders);
        t2.update("interface eth1", true);
        lan.advance(s(10));
        assertEquals(Set.of("A1", "A2"), lan.addressHolders);
    }

    @Test
    void backupWithLostMasterFollowsItsGroupToMaster() throws Exception {
        VrrpStateMachine a1 = lan.router(1, settings("A1", 51, 150));
        VrrpStateMachine a2 = lan.router(1, settings("A2", 52, 90));
        VrrpStateMachine b2 = lan.router(2, settings("B2", 52, 100));
        SyncGroupCoordinator ga = new SyncGroupCoordinator("GA");
        ga.add(a1);
        ga.add(a2);
        b2.start();
        lan.advance(s(5));
        assertEquals(InstanceState.MASTER, b2.state());
        a1.start();
        a2.start();
        lan.advance(s(3.5));
        // A1 has no rival: its timeout takes A2 to MASTER with it, although B2 has the higher priority
        VirtualLan.Transition first = lan.transitions.stream()
                .filter(t -> t.instance().equals("A1") && t.to() == InstanceState.MASTER)
                .findFirst()
                .orElseThrow();
        VirtualLan.Transition followed = lan.transitions.stream()
                .filter(t -> t.instance().equals("A2") && t.to() == InstanceState.MASTER)
                .findFirst()
                .orElseThrow();
        assertEquals(first.atNanos(), followed.atNanos());
        assertNotNull(lan.firstSentByAfter("A2", 0));
    }

    @Test
    void downTimerAdvertsSetsHowManyAdvertsAMasterMayMiss() throws Exception {
        AdvertOptions five = new AdvertOptions(5, false);
        VrrpStateMachine a = lan.router(1, new MachineSettings("A", 51, 3, 150, 100, true, 0, false, five));
        VrrpStateMachine b = lan.router(2, new MachineSettings("B", 51, 3, 100, 100, true, 0, false, five));
        a.start();
        b.start();
        lan.advance(s(10));
        lan.kill(a);
        lan.advance(s(10));
        long last = lan.lastSentBy("A").atNanos();
        assertEquals(
                5 * SECOND + 156 * SECOND / 256,
                lan.firstSentByAfter("B", last).atNanos() - last,
                "5 adverts plus the skew time instead of the RFC's 3");
    }

    @Test
    void higherPrioSendAdvertHasTheMasterSpeakOnceMoreBeforeItYields() throws Exception {
        for (boolean sendOnYield : new boolean[] {false, true}) {
            VirtualLan own = new VirtualLan();
            AdvertOptions options = new AdvertOptions(3, sendOnYield);
            VrrpStateMachine low = own.router(1, new MachineSettings("LOW", 51, 3, 100, 100, true, 0, true, options));
            low.start();
            own.advance(s(5));
            assertEquals(InstanceState.MASTER, low.state());
            VrrpStateMachine high = own.router("HIGH", 2, 200);
            high.start();
            own.advance(s(5));
            assertEquals(InstanceState.BACKUP, low.state());
            VirtualLan.Transition yielded = own.transitions.stream()
                    .filter(t -> t.instance().equals("LOW")
                            && t.from() == InstanceState.MASTER
                            && t.to() == InstanceState.BACKUP)
                    .findFirst()
                    .orElseThrow();
            boolean spoke = own.sent.stream()
                    .anyMatch(x -> x.from().equals("LOW") && x.atNanos() == yielded.atNanos() && x.priority() == 100);
            assertEquals(
                    sendOnYield,
                    spoke,
                    "an advert of ours at the moment we yield, with higher_prio_send_advert " + sendOnYield);
        }
    }

    @Test
    void aStartupDelayKeepsTheInstanceInBackupAndSilentUntilItIsOver() throws Exception {
        VrrpStateMachine b = lan.router("B", 2, 100);
        VrrpStateMachine owner =
                lan.router(3, new MachineSettings("O", 52, 3, 255, 100, true, 0, false, AdvertOptions.RFC));
        b.start(3 * SECOND);
        owner.start(3 * SECOND);
        assertEquals(InstanceState.BACKUP, b.state(), "BACKUP (init) at once, as keepalived logs it");
        assertEquals(InstanceState.BACKUP, owner.state(), "even an owner waits");
        lan.advance(s(2.9));
        assertTrue(lan.sent.isEmpty(), () -> "nothing sent during the delay: " + lan.sent);
        lan.advance(s(5));
        assertEquals(3 * SECOND, lan.firstSentByAfter("O", 0).atNanos(), "the owner speaks when the delay ends");
        assertEquals(
                3 * SECOND + 3 * SECOND + 156 * SECOND / 256,
                lan.firstSentByAfter("B", 0).atNanos(),
                "the master down interval counts from the end of the delay");
    }

    private static MachineSettings settings(String name, int vrid, int priority) {
        return new MachineSettings(name, vrid, 3, priority, 100, true, 0, false, AdvertOptions.RFC);
    }
}
