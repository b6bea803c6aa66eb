package org.keepalivedj.api.model;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * global_defs { ... }. The settings the engines use are typed (lvs: the data plane's own keywords); the process tuning, SNMP, D-Bus,
 * netlink buffer and similar keywords are kept verbatim in settings. The three smtp_alert
 * defaults are {@link SmtpAlert#UNSET} when not given.
 */
public record GlobalDefs(
        Origin origin,
        String routerId,
        List<String> notificationEmails,
        String notificationEmailFrom,
        String smtpServer,
        Duration smtpConnectTimeout,
        String smtpHeloName,
        SmtpAlert smtpAlert,
        SmtpAlert smtpAlertVrrp,
        SmtpAlert smtpAlertChecker,
        String scriptUser,
        boolean enableScriptSecurity,
        boolean vrrpStrict,
        int vrrpVersion,
        InetAddress vrrpMcastGroup4,
        InetAddress vrrpMcastGroup6,
        GarpSettings vrrpGarp,
        String defaultInterface,
        boolean dynamicInterfaces,
        LvsGlobals lvs,
        Settings settings) {
    public GlobalDefs {
        notificationEmails = List.copyOf(notificationEmails);
        lvs = lvs == null ? LvsGlobals.NONE : lvs;
    }

    /** The same with another default script user (the loader's host default when script_user is not set). */
    public GlobalDefs withScriptUser(String user) {
        return new GlobalDefs(
                origin,
                routerId,
                notificationEmails,
                notificationEmailFrom,
                smtpServer,
                smtpConnectTimeout,
                smtpHeloName,
                smtpAlert,
                smtpAlertVrrp,
                smtpAlertChecker,
                user,
                enableScriptSecurity,
                vrrpStrict,
                vrrpVersion,
                vrrpMcastGroup4,
                vrrpMcastGroup6,
                vrrpGarp,
                defaultInterface,
                dynamicInterfaces,
                lvs,
                settings);
    }
}
