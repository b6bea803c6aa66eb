package org.keepalivedj.statuspage.internal;

import java.lang.management.ManagementFactory;
import java.security.PrivilegedAction;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.security.auth.Subject;

/**
 * Whether a user may call an MBean operation, answered by Karaf's JMX ACL (etc/jmx.acl*.cfg) through
 * its security MBean, exactly as our Jolokia restrictor asks it: one set of rules for JMX, Jolokia
 * and this page.
 */
final class AccessPolicy {
    private static final String[] SIGNATURE = {String.class.getName(), String.class.getName()};

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @SuppressWarnings("removal")
    boolean canInvoke(Subject subject, String objectName, String operation) {
        ObjectName security = securityMBean();
        if (security == null) {
            return false; // no ACL service: deny, never guess
        }
        return Subject.doAs(subject, (PrivilegedAction<Boolean>) () -> {
            try {
                return Boolean.TRUE.equals(
                        server.invoke(security, "canInvoke", new Object[] {objectName, operation}, SIGNATURE));
            } catch (JMException | SecurityException e) {
                return false;
            }
        });
    }

    /**
     * Whether the user may use the page's actions: asked of an MBean that exists (Karaf's check reads
     * the operation's signatures from the MBean), a real server's drain, else an instance's failover.
     */
    boolean canOperate(Subject subject) {
        for (String[] probe : new String[][] {
            {"keepalived:type=RealServer,*", "drain"}, {"keepalived:type=VrrpInstance,*", "giveUpMaster"}
        }) {
            try {
                ObjectName any = server.queryNames(new ObjectName(probe[0]), null).stream()
                        .findFirst()
                        .orElse(null);
                if (any != null) {
                    return canInvoke(subject, any.toString(), probe[1]);
                }
            } catch (MalformedObjectNameException e) {
                throw new IllegalStateException(e);
            }
        }
        return false;
    }

    private ObjectName securityMBean() {
        try {
            return server.queryNames(new ObjectName("org.apache.karaf:type=security,area=jmx,*"), null).stream()
                    .findFirst()
                    .orElse(null);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
