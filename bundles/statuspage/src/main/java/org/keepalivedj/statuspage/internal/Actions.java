package org.keepalivedj.statuspage.internal;

import java.lang.management.ManagementFactory;
import java.security.PrivilegedExceptionAction;
import java.util.Map;
import java.util.Set;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The operations the page offers, carried out through the keepalived MBeans as the logged-in user:
 * the ACL decides, and management logs the change with the user's name as it does for JMX and
 * Jolokia.
 */
final class Actions {

    enum Outcome {
        DONE,
        FORBIDDEN,
        NOT_FOUND,
        BAD_REQUEST
    }

    record Result(Outcome outcome, String message) {}

    static final Set<String> REAL_SERVER_OPERATIONS = Set.of("drain", "enable", "maintenance");
    static final Set<String> INSTANCE_OPERATIONS = Set.of("giveUpMaster");

    private final AccessPolicy policy;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    Actions(AccessPolicy policy) {
        this.policy = policy;
    }

    /** The MBean an action addresses, or null when the parameters do not name one. */
    static String target(Map<String, String> p) {
        String op = p.get("action");
        if (REAL_SERVER_OPERATIONS.contains(op) && notBlank(p.get("virtualServer")) && notBlank(p.get("realServer"))) {
            return "keepalived:type=RealServer,virtualServer=" + quote(p.get("virtualServer")) + ",name="
                    + quote(p.get("realServer"));
        }
        if (INSTANCE_OPERATIONS.contains(op) && notBlank(p.get("instance"))) {
            return "keepalived:type=VrrpInstance,name=" + quote(p.get("instance"));
        }
        return null;
    }

    @SuppressWarnings("removal")
    Result perform(KarafLogin.User user, Map<String, String> p) {
        String target = target(p);
        if (target == null) {
            return new Result(Outcome.BAD_REQUEST, "unknown action or missing target: " + p);
        }
        String op = p.get("action");
        if (!policy.canInvoke(user.subject(), target, op)) {
            return new Result(Outcome.FORBIDDEN, user.name() + " may not " + op + " " + target);
        }
        try {
            javax.security.auth.Subject.doAs(user.subject(), (PrivilegedExceptionAction<Object>)
                    () -> server.invoke(new ObjectName(target), op, null, null));
            return new Result(Outcome.DONE, op + " " + target);
        } catch (java.security.PrivilegedActionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InstanceNotFoundException) {
                return new Result(Outcome.NOT_FOUND, "no such MBean: " + target);
            }
            if (cause instanceof SecurityException) {
                return new Result(Outcome.FORBIDDEN, cause.getMessage());
            }
            return new Result(Outcome.BAD_REQUEST, op + " " + target + " failed: " + cause);
        } catch (SecurityException e) {
            return new Result(Outcome.FORBIDDEN, e.getMessage());
        }
    }

    /** As management names them: values with JMX's special characters are quoted. */
    static String quote(String v) {
        for (char c : v.toCharArray()) {
            if (",=:\"*?\n".indexOf(c) >= 0) {
                return ObjectName.quote(v);
            }
        }
        return v;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
