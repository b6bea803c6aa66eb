package org.keepalivedj.management.jolokia.internal;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.jolokia.restrictor.Restrictor;
import org.jolokia.util.HttpMethod;
import org.jolokia.util.RequestType;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia authenticates against the JAAS realm but, in stock Karaf, does not apply the role rules of
 * etc/jmx.acl*.cfg: a viewer could call any operation. Jolokia runs each request as the logged-in
 * Subject and asks every registered Restrictor (org.jolokia.useRestrictorService = true); this one
 * answers with Karaf's own JMX ACL check (org.apache.karaf:type=security,area=jmx canInvoke), so one
 * set of rules governs JMX and Jolokia alike. Without this service Jolokia denies everything.
 */
@Component(service = Restrictor.class)
public class JmxAclRestrictor implements Restrictor {
    private static final Logger LOG = LoggerFactory.getLogger(JmxAclRestrictor.class);
    private static final String[] SIGNATURE = {String.class.getName(), String.class.getName()};

    private static final long SECURITY_MBEAN_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName securityPattern;
    private volatile ObjectName security;

    public JmxAclRestrictor() {
        try {
            // Its name carries the Karaf instance name (name=root): find it rather than guess it.
            securityPattern = new ObjectName("org.apache.karaf:type=security,area=jmx,*");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return true;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return true;
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return canInvoke(name, "get" + attribute) || canInvoke(name, "is" + attribute);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return canInvoke(name, "set" + attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return canInvoke(name, operation);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true;
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean strictCheck) {
        // Browsers on other origins get no CORS access: the status page is served from our own origin.
        return origin == null || origin.isEmpty();
    }

    /** Asks Karaf's ACL for the current Subject (Jolokia's request thread runs as the logged-in user). */
    private boolean canInvoke(ObjectName name, String method) {
        ObjectName security = securityMBean();
        if (security == null) {
            LOG.warn("Karaf's JMX security MBean is not registered: Jolokia denies {} {}", name, method);
            return false;
        }
        try {
            Object allowed = server.invoke(security, "canInvoke", new Object[] {name.toString(), method}, SIGNATURE);
            return Boolean.TRUE.equals(allowed);
        } catch (JMException | SecurityException e) {
            LOG.debug("Jolokia access to {} {} denied: {}", name, method, e.toString());
            return false;
        }
    }

    /**
     * Karaf's security MBean (registered at start level 30, long before us). Should a request come
     * before it anyway, wait a little for it rather than answer 403 to a reader who is allowed.
     */
    private ObjectName securityMBean() {
        ObjectName found = security;
        long deadline = System.nanoTime() + SECURITY_MBEAN_WAIT_NANOS;
        while (found == null) {
            found = server.queryNames(securityPattern, null).stream()
                    .findFirst()
                    .orElse(null);
            if (found == null) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        security = found;
        return found;
    }
}
