package org.keepalivedj.management.jolokia.internal;

import java.util.concurrent.TimeUnit;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.ObjectName;
import org.jolokia.restrictor.Restrictor;
import org.jolokia.util.HttpMethod;
import org.jolokia.util.RequestType;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia authenticates against the JAAS realm but, in stock Karaf, does not apply the role rules of
 * etc/jmx.acl*.cfg: a viewer could call any operation. Jolokia runs each request as the logged-in
 * Subject and asks every registered Restrictor (org.jolokia.useRestrictorService = true); this one
 * answers with Karaf's own JMX ACL check, so one set of rules governs JMX and Jolokia alike. Without
 * this service Jolokia denies everything.
 *
 * <p>The check is Karaf's JMX security MBean (org.apache.karaf:type=security,area=jmx) taken as the
 * OSGi service Karaf's management bundle publishes it as, not looked up in the MBeanServer: it
 * reaches the MBeanServer only through Aries' JMX whiteboard, a bundle of the boot features that
 * starts long after Jolokia on a first start. It is called as the DynamicMBean it also is, so this
 * bundle does not link against Karaf's classes. Karaf publishes it a moment after its bundle starts
 * (once its configuration arrives); this restrictor is registered at once, so Jolokia never runs
 * without it, and a request in that moment waits for the check rather than being refused.
 */
@Component(service = Restrictor.class)
public class JmxAclRestrictor implements Restrictor {
    private static final Logger LOG = LoggerFactory.getLogger(JmxAclRestrictor.class);

    private static final String[] SIGNATURE = {String.class.getName(), String.class.getName()};

    private static final long SECURITY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Object securityChanged = new Object();
    private volatile DynamicMBean security;

    @Reference(
            target = "(jmx.objectname=org.apache.karaf:type=security,area=jmx,*)",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSecurity(DynamicMBean bound) {
        synchronized (securityChanged) {
            security = bound;
            securityChanged.notifyAll();
        }
    }

    void unbindSecurity(DynamicMBean unbound) {
        synchronized (securityChanged) {
            if (security == unbound) {
                security = null;
            }
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
        DynamicMBean security = awaitSecurity();
        if (security == null) {
            LOG.warn("Karaf's JMX security check is not available: Jolokia denies {} {}", name, method);
            return false;
        }
        try {
            Object allowed = security.invoke("canInvoke", new Object[] {name.toString(), method}, SIGNATURE);
            return Boolean.TRUE.equals(allowed);
        } catch (JMException | RuntimeException e) {
            LOG.debug("Jolokia access to {} {} denied: {}", name, method, e.toString());
            return false;
        }
    }

    /** Karaf's check, waiting up to 10 s for it should a request come before Karaf has published it. */
    private DynamicMBean awaitSecurity() {
        DynamicMBean found = security;
        if (found != null) {
            return found;
        }
        long deadline = System.nanoTime() + SECURITY_WAIT_NANOS;
        synchronized (securityChanged) {
            while ((found = security) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(securityChanged, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return found;
    }
}
