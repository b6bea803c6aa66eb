package org.keepalivedj.alerts.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.LvsStateListener;
import org.keepalivedj.api.lvs.RealServerView;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.api.vrrp.VrrpInstanceView;
import org.keepalivedj.api.vrrp.VrrpStateListener;

/**
 * Turns VRRP transitions and real-server and quorum changes into mails for the config in force. The
 * listener methods run on the VRRP and health-check threads: they only format a mail and hand it to
 * the sender's queue, which never blocks.
 */
final class Alerts implements VrrpStateListener, LvsStateListener {
    private final MailSender sender;
    private final Clock clock;
    private final String hostName;
    private volatile AlertPolicy policy = AlertPolicy.NONE;
    private volatile Map<String, SyncGroup> syncGroups = Map.of();
    /** The last state each instance was seen entering, to tell when a whole sync group has arrived. */
    private final Map<String, InstanceState> instanceStates = new ConcurrentHashMap<>();
    /** The state each sync group's last mail announced, so a group mails once per group transition. */
    private final Map<String, InstanceState> groupStates = new ConcurrentHashMap<>();

    Alerts(MailSender sender, Clock clock, String hostName) {
        this.sender = sender;
        this.clock = clock;
        this.hostName = hostName;
    }

    /** Takes the settings of a newly loaded config. */
    void apply(KeepalivedConfig config) {
        syncGroups = config.syncGroups();
        policy = AlertPolicy.of(config, hostName);
        instanceStates.keySet().retainAll(config.vrrpInstances().keySet());
        groupStates.keySet().retainAll(config.syncGroups().keySet());
    }

    /** No more mails until the next {@link #apply}. */
    void clear() {
        policy = AlertPolicy.NONE;
    }

    Optional<SmtpSettings> smtp() {
        return policy.smtp();
    }

    MailSender sender() {
        return sender;
    }

    @Override
    public void stateChanged(VrrpInstanceView instance, InstanceState from, InstanceState to) {
        String name = instance.name();
        instanceStates.put(name, to);
        AlertPolicy p = policy;
        Optional<SmtpSettings> smtp = p.smtp();
        if (smtp.isEmpty() || !announced(to, p)) {
            return;
        }
        String routerId = smtp.get().routerId();
        if (p.instance(name)) {
            sender.submit(smtp.get(), AlertMessages.vrrpInstance(routerId, name, to, clock.instant()));
        }
        Optional<String> group = p.groupOf(name);
        if (group.isPresent()
                && p.group(group.get())
                && wholeGroupIn(group.get(), to)
                && groupStates.put(group.get(), to) != to) {
            sender.submit(smtp.get(), AlertMessages.vrrpGroup(routerId, group.get(), to, clock.instant()));
        }
    }

    /** keepalived mails the states an operator acts on; INIT and STOP (start-up, shutdown) are not among them. */
    private static boolean announced(InstanceState state, AlertPolicy p) {
        return switch (state) {
            case MASTER, BACKUP -> true;
            case FAULT -> !p.noEmailFaults();
            case INIT, STOP -> false;
        };
    }

    private boolean wholeGroupIn(String group, InstanceState state) {
        SyncGroup sg = syncGroups.get(group);
        return sg != null && sg.members().stream().allMatch(m -> instanceStates.get(m) == state);
    }

    @Override
    public void realServerChanged(VirtualServerView virtualServer, RealServerView realServer, boolean up) {
        AlertPolicy p = policy;
        if (p.realServer(virtualServer.key(), realServer.key()) && !onlyFileChecks(realServer)) {
            mail(
                    p,
                    (routerId, at) -> AlertMessages.realServer(
                            routerId, realServer.key(), virtualServer.key(), up, realServer.checkers(), at));
        }
    }

    /** keepalived 2.2.7 mails nothing when a FILE_CHECK alone moves a real server (observed). */
    private static boolean onlyFileChecks(RealServerView realServer) {
        return !realServer.checkers().isEmpty()
                && realServer.checkers().stream().allMatch(c -> c.kind().equals("FILE_CHECK"));
    }

    /**
     * keepalived mails every checker's change on a real server; one that changes the server's state is
     * the server's mail ({@link #realServerChanged}), the others only without no_checker_emails.
     */
    @Override
    public void checkerChanged(
            VirtualServerView virtualServer, RealServerView realServer, CheckerStatus checker, boolean serverChanged) {
        AlertPolicy p = policy;
        if (!serverChanged
                && !p.noCheckerEmails()
                && !checker.kind().equals("FILE_CHECK")
                && p.realServer(virtualServer.key(), realServer.key())) {
            mail(
                    p,
                    (routerId, at) -> AlertMessages.checker(
                            routerId, realServer.key(), virtualServer.key(), realServer.up(), checker, at));
        }
    }

    @Override
    public void quorumChanged(VirtualServerView virtualServer, boolean up) {
        AlertPolicy p = policy;
        if (p.quorum(virtualServer.key())) {
            mail(
                    p,
                    (routerId, at) -> AlertMessages.quorum(
                            routerId,
                            virtualServer.key(),
                            up,
                            virtualServer.quorum(),
                            virtualServer.hysteresis(),
                            virtualServer.aliveWeight(),
                            at));
        }
    }

    @Override
    public void startedWithQuorum(VirtualServerView virtualServer) {
        AlertPolicy p = policy;
        if (p.quorum(virtualServer.key())) {
            mail(
                    p,
                    (routerId, at) -> AlertMessages.quorumAtStart(
                            routerId,
                            virtualServer.key(),
                            virtualServer.quorum(),
                            virtualServer.hysteresis(),
                            virtualServer.aliveWeight(),
                            at));
        }
    }

    /** Queues a mail of the policy's SMTP settings, made for their router_id and now (the policy mails). */
    private void mail(AlertPolicy p, BiFunction<String, Instant, Mail> message) {
        SmtpSettings smtp = p.smtp().orElseThrow();
        sender.submit(smtp, message.apply(smtp.routerId(), clock.instant()));
    }
}
