package org.keepalivedj.alerts.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keepalivedj.api.model.GlobalDefs;
import org.keepalivedj.api.model.KeepalivedConfig;
import org.keepalivedj.api.model.RealServer;
import org.keepalivedj.api.model.SmtpAlert;
import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.VirtualServer;
import org.keepalivedj.api.model.VrrpInstance;

/**
 * Which objects of one config send mail, and where to. keepalived's precedence: an object's own
 * {@code smtp_alert} (on or off) decides; without it the kind's global default
 * ({@code smtp_alert_vrrp} for instances and sync groups, {@code smtp_alert_checker} for virtual
 * and real servers); without that global {@code smtp_alert}; without any of them VRRP objects and
 * virtual servers (quorum) stay silent while real servers mail, keepalived's historical default.
 */
final class AlertPolicy {
    static final AlertPolicy NONE =
            new AlertPolicy(Optional.empty(), Set.of(), Set.of(), Map.of(), Set.of(), Set.of(), false, false);

    private final Optional<SmtpSettings> smtp;
    private final Set<String> instances;
    private final Set<String> groups;
    private final Map<String, String> groupOfInstance;
    private final Set<String> quorumServers;
    private final Set<String> realServers;
    private final boolean noEmailFaults;
    private final boolean noCheckerEmails;

    private AlertPolicy(
            Optional<SmtpSettings> smtp,
            Set<String> instances,
            Set<String> groups,
            Map<String, String> groupOfInstance,
            Set<String> quorumServers,
            Set<String> realServers,
            boolean noEmailFaults,
            boolean noCheckerEmails) {
        this.smtp = smtp;
        this.instances = instances;
        this.groups = groups;
        this.groupOfInstance = groupOfInstance;
        this.quorumServers = quorumServers;
        this.realServers = realServers;
        this.noEmailFaults = noEmailFaults;
        this.noCheckerEmails = noCheckerEmails;
    }

    static AlertPolicy of(KeepalivedConfig config, String hostName) {
        GlobalDefs g = config.globalDefs();
        Optional<SmtpSettings> smtp = SmtpSettings.from(g, hostName);
        SmtpAlert vrrpDefault = g.smtpAlertVrrp().or(g.smtpAlert());
        SmtpAlert checkerDefault = g.smtpAlertChecker().or(g.smtpAlert());

        Set<String> instances = new HashSet<>();
        for (VrrpInstance i : config.vrrpInstances().values()) {
            if (alerts(i.smtpAlert(), vrrpDefault, false)) {
                instances.add(i.name());
            }
        }
        Set<String> groups = new HashSet<>();
        Map<String, String> groupOf = new HashMap<>();
        for (SyncGroup sg : config.syncGroups().values()) {
            if (alerts(sg.smtpAlert(), vrrpDefault, false)) {
                groups.add(sg.name());
            }
            sg.members().forEach(member -> groupOf.put(member, sg.name()));
        }
        Set<String> quorum = new HashSet<>();
        Set<String> reals = new HashSet<>();
        for (VirtualServer vs : config.virtualServers().values()) {
            if (alerts(vs.smtpAlert(), checkerDefault, false)) {
                quorum.add(vs.key());
            }
            for (RealServer rs : vs.realServers().values()) {
                if (alerts(rs.smtpAlert(), checkerDefault, true)) {
                    reals.add(realServerKey(vs.key(), rs.key()));
                }
            }
        }
        Boolean noFaults = setting(g, "no_email_faults");
        Boolean noCheckers = setting(g, "no_checker_emails");
        return new AlertPolicy(
                smtp,
                Set.copyOf(instances),
                Set.copyOf(groups),
                Map.copyOf(groupOf),
                Set.copyOf(quorum),
                Set.copyOf(reals),
                noFaults != null && noFaults,
                noCheckers != null && noCheckers);
    }

    Optional<SmtpSettings> smtp() {
        return smtp;
    }

    boolean instance(String name) {
        return smtp.isPresent() && instances.contains(name);
    }

    boolean group(String name) {
        return smtp.isPresent() && groups.contains(name);
    }

    Optional<String> groupOf(String instance) {
        return Optional.ofNullable(groupOfInstance.get(instance));
    }

    boolean quorum(String vsKey) {
        return smtp.isPresent() && quorumServers.contains(vsKey);
    }

    boolean realServer(String vsKey, String rsKey) {
        return smtp.isPresent() && realServers.contains(realServerKey(vsKey, rsKey));
    }

    /** no_email_faults: no mail for entering FAULT. */
    boolean noEmailFaults() {
        return noEmailFaults;
    }

    /** no_checker_emails: a real server mails its own up and down only, not each checker's change. */
    boolean noCheckerEmails() {
        return noCheckerEmails;
    }

    private static String realServerKey(String vsKey, String rsKey) {
        return vsKey + " " + rsKey;
    }

    /** The object's own setting, else the global default for its kind, else the kind's built-in default. */
    static boolean alerts(SmtpAlert own, SmtpAlert globalDefault, boolean builtIn) {
        return own.or(globalDefault).enabled(builtIn);
    }

    /** A global_defs flag kept verbatim in settings: null when absent. */
    private static Boolean setting(GlobalDefs g, String keyword) {
        return g.settings().flag(keyword);
    }
}
