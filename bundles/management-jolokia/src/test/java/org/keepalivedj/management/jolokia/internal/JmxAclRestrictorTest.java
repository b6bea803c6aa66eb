package org.keepalivedj.management.jolokia.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.NotCompliantMBeanException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.Test;

/**
 * The restrictor calls Karaf's ACL check through JMX's own dispatch, as the DynamicMBean Karaf's
 * StandardMBean is; here a StandardMBean with the same operation stands in for Karaf's rules.
 */
class JmxAclRestrictorTest {
    /** The operation of Karaf's JMXSecurityMBean that the restrictor calls. */
    public interface AclCheck {
        boolean canInvoke(String objectName, String methodName);
    }

    private static final ObjectName DAEMON = name("keepalived:type=Daemon");

    /** Allows the getters of the Daemon MBean and its dump operation, nothing else. */
    private static StandardMBean rules() throws NotCompliantMBeanException {
        Set<String> allowed = Set.of("getVersion", "dump");
        AclCheck check = (objectName, method) -> objectName.equals(DAEMON.toString()) && allowed.contains(method);
        return new StandardMBean(check, AclCheck.class);
    }

    @Test
    void answersWithKarafsRules() throws Exception {
        JmxAclRestrictor restrictor = new JmxAclRestrictor();
        restrictor.bindSecurity(rules());

        assertTrue(restrictor.isAttributeReadAllowed(DAEMON, "Version"));
        assertTrue(restrictor.isOperationAllowed(DAEMON, "dump"));
        assertFalse(restrictor.isOperationAllowed(DAEMON, "reload"));
        assertFalse(restrictor.isAttributeWriteAllowed(DAEMON, "Version"));
        assertFalse(restrictor.isAttributeReadAllowed(name("keepalived:type=Other"), "Version"));
    }

    @Test
    void aRequestBeforeKarafPublishedItsCheckWaitsForItInsteadOfBeingRefused() throws Exception {
        JmxAclRestrictor restrictor = new JmxAclRestrictor();
        PendingRead read = PendingRead.start(restrictor);
        read.awaitWaitingForTheCheck();
        restrictor.bindSecurity(rules());
        assertTrue(read.answer());
    }

    @Test
    void afterKarafWithdrawsItsCheckARequestWaitsForItAgain() throws Exception {
        JmxAclRestrictor restrictor = new JmxAclRestrictor();
        StandardMBean rules = rules();
        restrictor.bindSecurity(rules);
        restrictor.unbindSecurity(rules);
        PendingRead read = PendingRead.start(restrictor);
        read.awaitWaitingForTheCheck();
        restrictor.bindSecurity(rules);
        assertTrue(read.answer());
    }

    /** A viewer's read of the Daemon MBean's Version on a thread of its own, as Jolokia's request thread. */
    private static final class PendingRead {
        private final Thread thread;
        private final AtomicReference<Boolean> allowed = new AtomicReference<>();

        private PendingRead(JmxAclRestrictor restrictor) {
            thread = new Thread(() -> allowed.set(restrictor.isAttributeReadAllowed(DAEMON, "Version")), "read");
        }

        static PendingRead start(JmxAclRestrictor restrictor) {
            PendingRead read = new PendingRead(restrictor);
            read.thread.start();
            return read;
        }

        /** Fails if the read was answered (refused) instead of waiting for Karaf's check. */
        void awaitWaitingForTheCheck() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            Thread.State state;
            while ((state = thread.getState()) != Thread.State.TIMED_WAITING && state != Thread.State.TERMINATED) {
                assertTrue(System.nanoTime() < deadline, "the read neither waited nor was answered: " + state);
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.TIMED_WAITING, state, "answered without Karaf's check: " + allowed.get());
        }

        boolean answer() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            assertFalse(thread.isAlive(), "the read still waits once Karaf's check is there");
            return allowed.get();
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
