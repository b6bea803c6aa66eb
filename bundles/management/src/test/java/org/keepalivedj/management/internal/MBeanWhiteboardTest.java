package org.keepalivedj.management.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.DynamicMBean;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.testsupport.osgi.OsgiFramework;
import org.keepalivedj.testsupport.views.Views;
import org.osgi.framework.ServiceReference;

/**
 * The MBeans as services of a real OSGi framework (Felix), as Karaf's JMX whiteboard finds them: one
 * DynamicMBean service with a jmx.objectname per running object, kept in step with each load, and
 * state changes routed to the bean of the object that changed.
 */
class MBeanWhiteboardTest {
    @RegisterExtension
    final OsgiFramework framework = new OsgiFramework();

    /** The object names of the DynamicMBean services now registered. */
    private Set<String> registered() throws Exception {
        Set<String> names = new TreeSet<>();
        var refs = framework.context().getServiceReferences(DynamicMBean.class, null);
        refs.forEach(r -> names.add((String) r.getProperty("jmx.objectname")));
        return names;
    }

    private DynamicMBean bean(String name) throws Exception {
        var refs = framework
                .context()
                .getServiceReferences(
                        DynamicMBean.class,
                        "(jmx.objectname="
                                + name.replace("\\", "\\\\")
                                        .replace("(", "\\(")
                                        .replace(")", "\\)")
                                        .replace("*", "\\*") + ")");
        assertEquals(1, refs.size(), name);
        ServiceReference<DynamicMBean> ref = refs.iterator().next();
        return framework.context().getService(ref);
    }

    @Test
    void vrrpBeansFollowEachLoadAndCarryTheirInstancesTransitions() throws Exception {
        MemoryViews.Vrrp vrrp = new MemoryViews.Vrrp();
        MemoryViews.Instance vi1 = new MemoryViews.Instance("VI_1", InstanceState.BACKUP);
        MemoryViews.Instance vi2 = new MemoryViews.Instance("VI_2", InstanceState.BACKUP);
        vrrp.instances = List.of(vi1, vi2);
        vrrp.syncGroups = Map.of("G", List.of("VI_1", "VI_2"));
        VrrpMBeans beans = new VrrpMBeans();
        beans.runtime = vrrp;
        beans.activate(framework.context());
        assertEquals(
                Set.of(
                        "keepalived:type=VrrpInstance,name=VI_1",
                        "keepalived:type=VrrpInstance,name=VI_2",
                        "keepalived:type=VrrpSyncGroup,name=G"),
                registered());
        DynamicMBean kept = bean("keepalived:type=VrrpInstance,name=VI_1");

        List<Notification> seen = new ArrayList<>();
        ((NotificationEmitter) kept).addNotificationListener((n, h) -> seen.add(n), null, null);
        beans.stateChanged(vi1, InstanceState.BACKUP, InstanceState.MASTER);
        beans.stateChanged(vi2, InstanceState.BACKUP, InstanceState.FAULT);
        assertEquals(1, seen.size(), "VI_2's transition is not VI_1's");
        assertEquals("VI_1 BACKUP -> MASTER", seen.get(0).getMessage());

        // A reload: VI_2 and the group leave, VI_3 arrives; VI_1's MBean stays the same object.
        vrrp.instances = List.of(vi1, new MemoryViews.Instance("VI_3", InstanceState.INIT));
        vrrp.syncGroups = Map.of();
        beans.apply(null);
        assertEquals(
                Set.of("keepalived:type=VrrpInstance,name=VI_1", "keepalived:type=VrrpInstance,name=VI_3"),
                registered());
        assertSame(
                kept,
                bean("keepalived:type=VrrpInstance,name=VI_1"),
                "a running instance keeps its MBean and listeners");

        beans.deactivate();
        assertEquals(Set.of(), registered());
    }

    @Test
    void bfdBeansFollowEachLoadAndCarryTheirSessionsStateChanges() throws Exception {
        Views.Bfd bfd = new Views.Bfd(List.of(Views.bfdSession("bfd1", "Up"), Views.bfdSession("to:frr", "Down")));
        BfdMBeans beans = new BfdMBeans();
        beans.runtime = bfd;
        beans.activate(framework.context());
        assertEquals(
                Set.of("keepalived:type=BfdSession,name=bfd1", "keepalived:type=BfdSession,name=\"to:frr\""),
                registered());
        DynamicMBean kept = bean("keepalived:type=BfdSession,name=bfd1");
        List<Notification> seen = new ArrayList<>();
        ((NotificationEmitter) kept).addNotificationListener((n, h) -> seen.add(n), null, null);
        beans.stateChanged(Views.bfdSession("to:frr", "Up"), "Init", "Up");
        beans.stateChanged(Views.bfdSession("bfd1", "Down"), "Up", "Down");
        assertEquals(1, seen.size(), "to:frr's change is not bfd1's");
        assertEquals(
                "bfd1 Up -> Down (Control Detection Time Expired)", seen.get(0).getMessage());

        bfd.sessions = List.of(Views.bfdSession("bfd1", "Down"), Views.bfdSession("bfd2", "Down"));
        beans.apply(null);
        assertEquals(
                Set.of("keepalived:type=BfdSession,name=bfd1", "keepalived:type=BfdSession,name=bfd2"), registered());
        assertSame(kept, bean("keepalived:type=BfdSession,name=bfd1"), "a running session keeps its MBean");

        beans.deactivate();
        assertEquals(Set.of(), registered());
    }

    @Test
    void lvsBeansAreNamedByVirtualAndRealServerAndFollowReloads() throws Exception {
        MemoryViews.Lvs lvs = new MemoryViews.Lvs();
        Views.Virtual web = new Views.Virtual("192.0.2.1", 80);
        Views.Real a = new Views.Real(web.key, "10.0.0.2:80");
        Views.Real b = new Views.Real(web.key, "10.0.0.3:80");
        web.reals.addAll(List.of(a, b));
        lvs.virtualServers = List.of(web);
        LvsMBeans beans = new LvsMBeans();
        beans.runtime = lvs;
        beans.activate(framework.context());
        String vsName = "keepalived:type=VirtualServer,name=\"192.0.2.1:80/tcp\"";
        String aName = "keepalived:type=RealServer,virtualServer=\"192.0.2.1:80/tcp\",name=\"10.0.0.2:80\"";
        String bName = "keepalived:type=RealServer,virtualServer=\"192.0.2.1:80/tcp\",name=\"10.0.0.3:80\"";
        assertEquals(new TreeSet<>(Set.of(vsName, aName, bName)), registered());

        List<String> seen = new ArrayList<>();
        ((NotificationEmitter) bean(bName)).addNotificationListener((n, h) -> seen.add(n.getType()), null, null);
        ((NotificationEmitter) bean(vsName)).addNotificationListener((n, h) -> seen.add(n.getType()), null, null);
        beans.realServerChanged(web, b, false);
        beans.realServerChanged(web, a, false);
        beans.quorumChanged(web, false);
        assertEquals(List.of("keepalived.rs.down", "keepalived.vs.quorum"), seen);

        // A reload moves the service to port 8080: every bean is replaced, none is left behind.
        DynamicMBean old = bean(aName);
        Views.Virtual moved = new Views.Virtual("192.0.2.1", 8080);
        moved.reals.add(new Views.Real(moved.key, "10.0.0.2:80"));
        lvs.virtualServers = List.of(moved);
        beans.apply(null);
        String movedA = "keepalived:type=RealServer,virtualServer=\"192.0.2.1:8080/tcp\",name=\"10.0.0.2:80\"";
        assertEquals(
                new TreeSet<>(Set.of("keepalived:type=VirtualServer,name=\"192.0.2.1:8080/tcp\"", movedA)),
                registered());
        assertNotSame(old, bean(movedA));
        assertEquals(1, bean(movedA).getAttribute("Weight"));

        beans.stop();
        assertEquals(Set.of(), registered());
    }
}
