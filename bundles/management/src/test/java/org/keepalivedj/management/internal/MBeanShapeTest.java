package org.keepalivedj.management.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.openmbean.OpenType;
import org.junit.jupiter.api.Test;

/**
 * The JMX shape operators and etc/jmx.acl*.cfg rely on: the operations exist under their names
 * (not as write-only attributes) and every attribute is an open type (jconsole, Jolokia, hawtio).
 */
class MBeanShapeTest {

    private static Set<String> operations(MBeanInfo info) {
        return Arrays.stream(info.getOperations())
                .map(MBeanOperationInfo::getName)
                .collect(Collectors.toSet());
    }

    private static void allOpenTypes(MBeanInfo info) {
        for (MBeanAttributeInfo a : info.getAttributes()) {
            Object openType = a.getDescriptor().getFieldValue("openType");
            assertTrue(openType instanceof OpenType, a.getName() + " is an open type");
            assertTrue(!a.isWritable(), a.getName() + " is read-only: changes go through operations");
        }
    }

    @Test
    void realServerOperationsAndAttributes() {
        MBeanInfo info = new RealServerMBean(null, "192.0.2.1:80/tcp", "10.0.0.2:80").getMBeanInfo();
        assertTrue(
                operations(info).containsAll(Set.of("setWeight", "drain", "maintenance", "enable", "checkNow")),
                operations(info).toString());
        allOpenTypes(info);
        assertEquals(2, info.getNotifications()[0].getNotifTypes().length);
    }

    @Test
    void vrrpInstanceOperationsAndAttributes() {
        MBeanInfo info = new VrrpInstanceMBean(null, "VI_1").getMBeanInfo();
        assertTrue(
                operations(info)
                        .containsAll(Set.of("setPriority", "clearPriorityOverride", "giveUpMaster", "sendGarp")),
                operations(info).toString());
        allOpenTypes(info);
    }

    @Test
    void bfdSessionIsReadOnlyWithOneNotification() {
        MBeanInfo info = new BfdSessionMBean(null, "bfd1").getMBeanInfo();
        assertEquals(Set.of(), operations(info), "nothing to operate: sessions change through the config");
        allOpenTypes(info);
        assertEquals("keepalived.bfd.state", info.getNotifications()[0].getNotifTypes()[0]);
    }

    @Test
    void daemonOperations() {
        MBeanInfo info = new DaemonMBean().getMBeanInfo();
        assertTrue(
                operations(info)
                        .containsAll(Set.of("reload", "checkConfig", "dump", "previewReload", "previewReloadJson")),
                operations(info).toString());
        allOpenTypes(info);
    }

    @Test
    void namesWithColonsAndSlashesAreQuoted() throws Exception {
        String name = LvsMBeans.realServerName("192.0.2.1:80/tcp", "10.0.0.2:80");
        assertEquals("keepalived:type=RealServer,virtualServer=\"192.0.2.1:80/tcp\",name=\"10.0.0.2:80\"", name);
        new javax.management.ObjectName(name);
        assertEquals("keepalived:type=VrrpInstance,name=VI_1", ObjectNames.of("VrrpInstance", "VI_1"));
    }
}
