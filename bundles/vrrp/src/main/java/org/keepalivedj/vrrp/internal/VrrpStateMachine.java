package org.keepalivedj.vrrp.internal;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.keepalivedj.api.model.IpAddresses;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.vrrp.VrrpAdvert;
import org.keepalivedj.vrrp.VrrpScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 5798 state machine of one instance with keepalived's extensions (FAULT, STOP,
 * nopreempt, preempt_delay, sync groups). Runs only on the scheduler's thread; fields read by
 * other threads are volatile.
 */
final class VrrpStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");
    static final int OWNER = 255;

    /** Replaced only by {@link #reprioritize} (a reload that changes nothing but the priority). */
    volatile MachineSettings settings;

    private final VrrpScheduler scheduler;
    private final StateEffects effects;
    final InstanceCounters counters = new InstanceCounters();

    private volatile InstanceState state = InstanceState.INIT;
    private volatile int effectivePriority;
    private volatile boolean fault;
    private volatile List<String> faultReasons = List.of();
    private volatile InetAddress masterAddress;
    private volatile int masterPriority = -1;
    private volatile long lastTransitionNanos;
    private InetAddress ownAddress;
    private long masterAdverNanos;
    private long preemptAllowedAt = Long.MIN_VALUE;
    private VrrpScheduler.Timer masterDownTimer;
    /** How long ago the advert being handled arrived; the master-down timer restarted for it is shortened by this. */
    private long advertAgeNanos;

    private VrrpScheduler.Timer adverTimer;
    /** The last timers handed out, given back to the scheduler for reuse: restarting a timer allocates nothing. */
    private VrrpScheduler.Timer spentMasterDown;

    private VrrpScheduler.Timer spentAdver;
    private final Runnable masterDownExpired = this::masterDownExpired;
    private final Runnable adverTimerExpired = this::adverTimerExpired;
    private SyncGroupCoordinator group;
    private boolean lowerPrioNoAdvert;

    VrrpStateMachine(MachineSettings settings, VrrpScheduler scheduler, StateEffects effects) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.effects = effects;
        this.effectivePriority = settings.basePriority();
        this.masterAdverNanos = settings.advertNanos();
    }

    String name() {
        return settings.name();
    }

    InstanceState state() {
        return state;
    }

    int effectivePriority() {
        return effectivePriority;
    }

    InetAddress masterAddress() {
        return masterAddress;
    }

    int masterPriority() {
        return masterPriority;
    }

    long lastTransitionNanos() {
        return lastTransitionNanos;
    }

    List<String> faultReasons() {
        return faultReasons;
    }

    boolean ownFault() {
        return fault;
    }

    /** The address we send from; breaks ties between equal priorities. */
    void ownAddress(InetAddress address) {
        this.ownAddress = address;
    }

    InetAddress ownAddress() {
        return ownAddress;
    }

    /** lower_prio_no_advert: a MASTER hearing a lower priority stays quiet until its own timer (the RFC). */
    void lowerPrioNoAdvert(boolean quiet) {
        this.lowerPrioNoAdvert = quiet;
    }

    void joinGroup(SyncGroupCoordinator coordinator) {
        this.group = coordinator;
    }

    SyncGroupCoordinator group() {
        return group;
    }

    /** Master_Adver_Interval: learned from the master in v3, our own in v2. */
    long masterAdverNanos() {
        return masterAdverNanos;
    }

    /** Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256. */
    long skewNanos() {
        return (256L - effectivePriority) * masterAdverNanos / 256;
    }

    /** Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time (down_timer_adverts instead of 3). */
    long masterDownNanos() {
        return settings.options().downTimerAdverts() * masterAdverNanos + skewNanos();
    }

    /** A reload changed the configured priority alone: keep the state, use the new base priority. */
    void reprioritize(MachineSettings changed) {
        settings = changed;
    }

    // ---- events ----

    /** Leaves INIT: MASTER at once for an address owner, else BACKUP (or FAULT when faulted). */
    void start() {
        start(0);
    }

    /**
     * Leaves INIT after a start-up delay (vrrp_startup_delay, vrrp_delay_after_boot): BACKUP at
     * once, as keepalived logs it, but the first election waits the delay out (an owner too).
     */
    void start(long startupDelayNanos) {
        if (state != InstanceState.INIT) {
            return;
        }
        if (settings.preemptDelayNanos() > 0) {
            preemptAllowedAt = scheduler.nanoTime() + settings.preemptDelayNanos();
        }
        if (isFaulted()) {
            enterFault();
        } else if (effectivePriority == OWNER && startupDelayNanos <= 0) {
            enterMaster();
        } else {
            enterBackup(" (init)");
            // state MASTER: claim the role after one interval of silence instead of three
            long silence = effectivePriority == OWNER
                    ? 0
                    : settings.startAsMaster() ? settings.advertNanos() : masterDownNanos();
            restartMasterDown(Math.max(0, startupDelayNanos) + silence);
        }
    }

    /** A received advert that passed validation, arrived now. */
    void onAdvert(VrrpAdvert advert, InetAddress source) {
        onAdvert(advert, source, scheduler.nanoTime());
    }

    /**
     * A received advert that passed validation. arrivalNanos (scheduler time) is when the kernel got it:
     * Master_Down_Interval counts from then, not from when this thread got round to it.
     */
    void onAdvert(VrrpAdvert advert, InetAddress source, long arrivalNanos) {
        long now = scheduler.nanoTime();
        // a timestamp from the future or from long ago (a clock step) is not trusted
        advertAgeNanos = arrivalNanos <= now && now - arrivalNanos < masterAdverNanos ? now - arrivalNanos : 0;
        if (advert.priority() == 0) {
            counters.priorityZeroReceived.incrementAndGet();
        }
        switch (state) {
            case BACKUP -> backupReceived(advert, source);
            case MASTER -> masterReceived(advert, source);
            default -> {
                // INIT, FAULT and STOP ignore adverts
            }
        }
    }

    private void backupReceived(VrrpAdvert advert, InetAddress source) {
        if (advert.priority() == 0) {
            LOG.info("({}) Backup received priority 0 advertisement", name());
            masterPriority = 0;
            restartMasterDown(Math.max(0, skewNanos() - advertAgeNanos));
            return;
        }
        long now = scheduler.nanoTime();
        boolean lower = advert.priority() < effectivePriority;
        if (lower && settings.preempt() && settings.preemptDelayNanos() > 0 && preemptAllowedAt == Long.MIN_VALUE) {
            preemptAllowedAt = now + settings.preemptDelayNanos();
        }
        boolean delaying = lower && now < preemptAllowedAt;
        if (!lower || !settings.preempt() || delaying) {
            if (advert.version() == 3) {
                masterAdverNanos = MachineSettings.fieldNanos(3, advert.interval());
            }
            masterAddress = source;
            masterPriority = advert.priority();
            restartMasterDown(masterDownNanos() - advertAgeNanos);
        }
        // else: a lower-priority master and we preempt: let Master_Down_Interval run out
    }

    private void masterReceived(VrrpAdvert advert, InetAddress source) {
        if (advert.priority() == 0) {
            sendAdvert(effectivePriority);
            restartAdverTimer();
            return;
        }
        if (advert.priority() > effectivePriority
                || (advert.priority() == effectivePriority && compare(source, ownAddress) > 0)) {
            LOG.info(
                    "({}) Master received advert from {} with higher priority {}, ours {}",
                    name(),
                    IpAddresses.format(source),
                    advert.priority(),
                    effectivePriority);
            if (advert.version() == 3) {
                masterAdverNanos = MachineSettings.fieldNanos(3, advert.interval());
            }
            masterAddress = source;
            masterPriority = advert.priority();
            if (settings.options().higherPrioSendAdvert()) {
                // higher_prio_send_advert: our last word, so the new master re-sends its GARPs
                // (garp_lower_prio_repeat) after two masters were seen at once
                sendAdvert(effectivePriority);
            }
            leaveMaster();
            enterBackup("");
            restartMasterDown(masterDownNanos() - advertAgeNanos);
            if (group != null) {
                group.memberChanged(this, InstanceState.BACKUP);
            }
        } else {
            // a lower priority router thinks it is master: assert ourselves at once (keepalived's
            // default), or, with lower_prio_no_advert, wait for our next advert as the RFC says
            LOG.info(
                    "({}) Received advert from {} with lower priority {}, ours {}{}",
                    name(),
                    IpAddresses.format(source),
                    advert.priority(),
                    effectivePriority,
                    lowerPrioNoAdvert ? "" : ", forcing new election");
            if (!lowerPrioNoAdvert) {
                sendAdvert(effectivePriority);
                restartAdverTimer();
            }
            effects.lowerPriorityMasterSeen(this);
        }
    }

    private void masterDownExpired() {
        masterDownTimer = null;
        if (state != InstanceState.BACKUP) {
            return;
        }
        // the log line comes after the advert has gone out: logging is I/O, the advert ends the failover
        enterMaster(true);
        if (group != null) {
            group.memberChanged(this, InstanceState.MASTER);
        }
    }

    private void adverTimerExpired() {
        adverTimer = null;
        if (state == InstanceState.MASTER) {
            sendAdvert(effectivePriority);
            restartAdverTimer();
        }
    }

    /** Tracking decided a new effective priority (takes effect with the next advert). */
    void effectivePriority(int priority) {
        if (settings.basePriority() == OWNER) {
            return;
        }
        int p = Math.max(1, Math.min(254, priority));
        if (p != effectivePriority) {
            LOG.info("({}) Changing effective priority from {} to {}", name(), effectivePriority, p);
            effectivePriority = p;
            effects.priorityChanged(this, p);
        }
    }

    /** Tracking decided the instance is (or is no longer) faulty. */
    void fault(boolean faulty, List<String> reasons) {
        faultReasons = List.copyOf(reasons);
        if (faulty == fault) {
            return;
        }
        fault = faulty;
        if (group != null) {
            group.faultChanged();
        } else {
            applyFault();
        }
    }

    boolean isFaulted() {
        return fault || (group != null && group.anyFault());
    }

    /** Moves into or out of FAULT to match {@link #isFaulted()}. */
    void applyFault() {
        boolean faulted = isFaulted();
        if (faulted && (state == InstanceState.BACKUP || state == InstanceState.MASTER)) {
            if (state == InstanceState.MASTER) {
                sendPriorityZero();
                leaveMaster();
            }
            cancelTimers();
            enterFault();
        } else if (!faulted && state == InstanceState.FAULT) {
            if (effectivePriority == OWNER) {
                enterMaster();
            } else {
                enterBackup("");
                restartMasterDown(masterDownNanos());
            }
        }
    }

    /** Sync group: follow a member that became MASTER. */
    void followToMaster() {
        if (state == InstanceState.BACKUP) {
            cancelTimers();
            enterMaster();
        }
    }

    /** Sync group: follow a member that became BACKUP. */
    void followToBackup() {
        if (state == InstanceState.MASTER) {
            leaveMaster();
            enterBackup("");
            restartMasterDown(masterDownNanos());
        }
    }

    /** Management: a MASTER sends priority 0 and steps down. */
    void giveUpMaster() {
        if (state == InstanceState.MASTER) {
            sendPriorityZero();
            leaveMaster();
            enterBackup("");
            restartMasterDown(masterDownNanos());
            if (group != null) {
                group.memberChanged(this, InstanceState.BACKUP);
            }
        }
    }

    /**
     * Starts as the successor of a MASTER that a reload replaced (same router on the wire): MASTER
     * at once, as keepalived keeps a master's state across a reload; FAULT when faulted.
     */
    void startAsSuccessor() {
        if (state != InstanceState.INIT) {
            return;
        }
        if (isFaulted()) {
            start();
        } else {
            enterMaster();
        }
    }

    /** A reload replaced this runtime by a successor that takes over as MASTER: STOP, no priority 0, nothing released. */
    void retire() {
        if (state == InstanceState.STOP) {
            return;
        }
        cancelTimers();
        transition(InstanceState.STOP, "");
    }

    /** Shutdown: a MASTER sends priority 0 and releases its addresses; then STOP. */
    void stop() {
        if (state == InstanceState.STOP) {
            return;
        }
        if (state == InstanceState.MASTER) {
            sendPriorityZero();
            leaveMaster();
        }
        cancelTimers();
        transition(InstanceState.STOP, "");
    }

    // ---- transitions ----

    private void enterMaster() {
        enterMaster(false);
    }

    /** No lambda on this path: the first takeover of a JVM would pay for linking it before the advert. */
    private void enterMaster(boolean masterDownTimedOut) {
        masterAddress = ownAddress;
        masterPriority = effectivePriority;
        masterAdverNanos = settings.advertNanos();
        preemptAllowedAt = settings.preemptDelayNanos() > 0 ? Long.MIN_VALUE : preemptAllowedAt;
        counters.masterTransitions.incrementAndGet();
        // the advert goes out first: it is what ends the failover on the wire; logging, notify
        // and addresses follow
        InstanceState from = state;
        state = InstanceState.MASTER;
        sendAdvert(effectivePriority);
        restartAdverTimer();
        if (masterDownTimedOut) {
            LOG.info("({}) Receive advertisement timeout", name());
        }
        transition(from, InstanceState.MASTER, "");
        effects.takeAddresses(this);
    }

    private void leaveMaster() {
        counters.masterReleases.incrementAndGet();
        cancelTimers();
        effects.releaseAddresses(this);
    }

    private void enterBackup(String why) {
        transition(InstanceState.BACKUP, why);
    }

    private void enterFault() {
        masterAddress = null;
        masterPriority = -1;
        transition(InstanceState.FAULT, "");
    }

    private void transition(InstanceState to, String why) {
        transition(state, to, why);
    }

    private void transition(InstanceState from, InstanceState to, String why) {
        state = to;
        lastTransitionNanos = scheduler.nanoTime();
        if (to == InstanceState.STOP) {
            LOG.info("({}) Stopped", name());
        } else {
            LOG.info("({}) Entering {} STATE{}", name(), to, why);
        }
        effects.stateChanged(this, from, to);
    }

    private void sendPriorityZero() {
        sendAdvert(0);
        counters.priorityZeroSent.incrementAndGet();
        LOG.info("({}) sent 0 priority", name());
    }

    private void sendAdvert(int priority) {
        effects.sendAdvert(this, priority);
    }

    private void restartMasterDown(long delayNanos) {
        if (masterDownTimer != null) {
            masterDownTimer.cancel();
        }
        masterDownTimer = scheduler.reschedulePrecise(spentMasterDown, delayNanos, masterDownExpired);
        spentMasterDown = masterDownTimer;
    }

    private void restartAdverTimer() {
        if (adverTimer != null) {
            adverTimer.cancel();
        }
        adverTimer = scheduler.reschedule(spentAdver, settings.advertNanos(), adverTimerExpired);
        spentAdver = adverTimer;
    }

    private void cancelTimers() {
        if (masterDownTimer != null) {
            masterDownTimer.cancel();
            masterDownTimer = null;
        }
        if (adverTimer != null) {
            adverTimer.cancel();
            adverTimer = null;
        }
    }

    /** Unsigned comparison of two addresses of one family; a missing address loses. */
    static int compare(InetAddress a, InetAddress b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return Arrays.compareUnsigned(a.getAddress(), b.getAddress());
    }

    @Override
    public String toString() {
        return name() + " " + state + " prio " + effectivePriority;
    }
}
