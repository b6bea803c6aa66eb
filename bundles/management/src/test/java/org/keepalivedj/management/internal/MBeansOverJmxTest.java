package org.keepalivedj.management.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivilegedAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.Notification;
import javax.management.NotificationBroadcaster;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.security.auth.Subject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.daemon.Daemon;
import org.keepalivedj.api.daemon.LoadResult;
import org.keepalivedj.api.lvs.AdminState;
import org.keepalivedj.api.lvs.CheckerStatus;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.keepalivedj.api.lvs.ForwardingPlaneException;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.api.vrrp.InstanceState;
import org.keepalivedj.management.BfdSessionMXBean;
import org.keepalivedj.management.DaemonMXBean;
import org.keepalivedj.management.RealServerMXBean;
import org.keepalivedj.management.VirtualServerMXBean;
import org.keepalivedj.management.VrrpInstanceMXBean;
import org.keepalivedj.testsupport.views.Views;

/**
 * The MBeans as a JMX client sees them: registered in a real MBean server and used only through it
 * (attributes as open types, operations by name, notifications through server listeners), over
 * in-memory implementations of the api views.
 */
class MBeansOverJmxTest {
    private static final String VS = "192.0.2.1:80/tcp";
    private static final String RS = "10.0.0.2:80";

    private MBeanServer server; // a fresh one per test, not the platform server
    private final List<Notification> received = new CopyOnWriteArrayList<>();
    private final MemoryViews.Vrrp vrrp = new MemoryViews.Vrrp();
    private final MemoryViews.Instance vi1 = new MemoryViews.Instance("VI_1", InstanceState.BACKUP);
    private final MemoryViews.Lvs lvs = new MemoryViews.Lvs();
    private Views.Virtual virtual;
    private Views.Real real;

    @BeforeEach
    void start() throws Exception {
        server = MBeanServerFactory.newMBeanServer();
        vrrp.instances = List.of(vi1);
        virtual = new Views.Virtual("192.0.2.1", 80);
        real = new Views.Real(VS, RS);
        virtual.reals.add(real);
        lvs.virtualServers = List.of(virtual);
    }

    private ObjectName register(Object bean, String name) throws Exception {
        ObjectName n = new ObjectName(name);
        server.registerMBean(bean, n);
        if (bean instanceof NotificationBroadcaster) {
            server.addNotificationListener(n, (notification, handback) -> received.add(notification), null, null);
        }
        return n;
    }

    private ObjectName vi1() throws Exception {
        return register(new VrrpInstanceMBean(vrrp, "VI_1"), ObjectNames.of(VrrpInstanceMXBean.TYPE, "VI_1"));
    }

    @Test
    void vrrpInstanceAttributesAreOpenTypesWithAddressesAsIpWritesThem() throws Exception {
        vi1.master = InetAddress.getByName("fe80:0:0:0:0:0:0:1");
        vi1.counters.put("advert_rcvd", 42L);
        vi1.counters.put("priority_zero_rcvd", 1L);
        vi1.faults.add("interface eth0 is down");
        ObjectName n = vi1();
        assertEquals("BACKUP", server.getAttribute(n, "State"));
        assertEquals(100, server.getAttribute(n, "EffectivePriority"));
        assertEquals(100L, server.getAttribute(n, "AdvertIntervalMillis"));
        assertEquals("fe80::1", server.getAttribute(n, "MasterAddress"));
        assertEquals(150, server.getAttribute(n, "MasterPriority"));
        assertArrayEquals(
                new String[] {"2001:db8::100/64 dev eth0"}, (String[]) server.getAttribute(n, "VirtualAddresses"));
        assertArrayEquals(new String[] {"interface eth0 is down"}, (String[]) server.getAttribute(n, "FaultReasons"));
        assertEquals("2026-12-06T09:00:00Z", server.getAttribute(n, "LastTransition"));
        TabularData counters = assertInstanceOf(TabularData.class, server.getAttribute(n, "Counters"));
        assertEquals(2, counters.size());
        assertEquals(42L, counters.get(new Object[] {"advert_rcvd"}).get("value"));

        vi1.master = null;
        assertEquals("", server.getAttribute(n, "MasterAddress"), "an unknown master is empty, not \"null\"");
    }

    @Test
    void vrrpInstanceOperationsReachTheInstanceRunningNow() throws Exception {
        ObjectName n = vi1();
        assertEquals(
                "VI_1: priority 120 until cleared",
                server.invoke(n, "setPriority", new Object[] {120}, new String[] {"int"}));
        assertEquals(120, vi1.override);
        assertEquals(120, server.getAttribute(n, "EffectivePriority"));
        server.invoke(n, "clearPriorityOverride", null, null);
        assertEquals(null, vi1.override);

        // A reload replaced the instance: the MBean follows the name, not the old object.
        MemoryViews.Instance reloaded = new MemoryViews.Instance("VI_1", InstanceState.MASTER);
        vrrp.instances = List.of(reloaded);
        assertEquals("MASTER", server.getAttribute(n, "State"));
        server.invoke(n, "giveUpMaster", null, null);
        server.invoke(n, "sendGarp", null, null);
        assertEquals(1, reloaded.gaveUp);
        assertEquals(1, reloaded.garps);
        assertEquals(0, vi1.gaveUp);

        vrrp.instances = List.of();
        RuntimeMBeanException gone = assertThrows(RuntimeMBeanException.class, () -> server.getAttribute(n, "State"));
        assertEquals("VRRP instance VI_1 is gone", gone.getCause().getMessage());
    }

    @Test
    void vrrpTransitionsAreNotifiedInOrder() throws Exception {
        vi1();
        VrrpInstanceMBean bean = new VrrpInstanceMBean(vrrp, "VI_2");
        register(bean, ObjectNames.of(VrrpInstanceMXBean.TYPE, "VI_2"));
        bean.transition(InstanceState.INIT, InstanceState.BACKUP);
        bean.transition(InstanceState.BACKUP, InstanceState.MASTER);
        assertEquals(2, received.size());
        Notification last = received.get(1);
        assertEquals(VrrpInstanceMXBean.TRANSITION, last.getType());
        assertEquals("VI_2 BACKUP -> MASTER", last.getMessage());
        assertEquals("MASTER", last.getUserData());
        assertTrue(last.getSequenceNumber() > received.get(0).getSequenceNumber());
    }

    @Test
    void realServerCheckersAreCompositeDataAndOperationsChangeIt() throws Exception {
        real.checkers.add(new CheckerStatus(
                "HTTP_GET",
                true,
                false,
                "status 503",
                Duration.ofMillis(12),
                Instant.parse("2026-12-06T09:30:00Z"),
                2,
                40,
                9));
        real.checkers.add(new CheckerStatus("REDIS_CHECK", false, true, "", null, null, 0, 0, 0));
        RealServerMBean bean = new RealServerMBean(lvs, VS, RS);
        ObjectName n = register(bean, LvsMBeans.realServerName(VS, RS));
        CompositeData[] checkers = (CompositeData[]) server.getAttribute(n, "Checkers");
        assertEquals(2, checkers.length);
        assertEquals(
                Set.of(
                        "kind",
                        "running",
                        "up",
                        "lastDetail",
                        "lastLatencyMillis",
                        "lastCheck",
                        "consecutiveFailures",
                        "attempts",
                        "failures"),
                checkers[0].getCompositeType().keySet());
        assertEquals("HTTP_GET", checkers[0].get("kind"));
        assertEquals(12L, checkers[0].get("lastLatencyMillis"));
        assertEquals("2026-12-06T09:30:00Z", checkers[0].get("lastCheck"));
        assertEquals(9L, checkers[0].get("failures"));
        assertEquals(false, checkers[1].get("running"));
        assertEquals(-1L, checkers[1].get("lastLatencyMillis"), "no attempt yet");
        assertEquals("", checkers[1].get("lastCheck"));

        assertEquals(
                RS + " of " + VS + ": weight 7", server.invoke(n, "setWeight", new Object[] {7}, new String[] {"int"}));
        assertEquals(7, server.getAttribute(n, "Weight"));
        server.invoke(n, "drain", null, null);
        assertEquals("DRAIN", server.getAttribute(n, "AdminState"));
        server.invoke(n, "maintenance", null, null);
        assertEquals(AdminState.MAINT, real.admin);
        server.invoke(n, "enable", null, null);
        assertEquals("ENABLED", server.getAttribute(n, "AdminState"));

        bean.changed(false);
        bean.changed(true);
        assertEquals(
                List.of(RealServerMXBean.DOWN, RealServerMXBean.UP),
                received.stream().map(Notification::getType).toList());
        assertEquals(RS + " in " + VS + " DOWN", received.get(0).getMessage());
    }

    @Test
    void virtualServerCountsOnlyItsOwnServicesAndSaysWhenThePlaneFails() throws Exception {
        ServiceKey mine = ServiceKey.of(InetAddress.getByName("192.0.2.1"), 80, Protocol.TCP);
        ServiceKey other = ServiceKey.of(InetAddress.getByName("192.0.2.2"), 80, Protocol.TCP);
        PlaneHolder plane = new PlaneHolder();
        VirtualServerMBean bean = new VirtualServerMBean(lvs, plane, VS);
        ObjectName n = register(bean, LvsMBeans.virtualServerName(VS));
        assertEquals(0L, server.getAttribute(n, "Connections"), "no data plane: 0");

        plane.set(new Views.Plane(List.of(
                new ServiceStatistics(mine, Views.counters(5, 50, 40, 5000, 4000), Map.of()),
                new ServiceStatistics(other, Views.counters(1000, 1, 1, 1, 1), Map.of()))));
        assertEquals(5L, server.getAttribute(n, "Connections"));
        assertEquals(5000L, server.getAttribute(n, "BytesIn"));
        assertEquals(40L, server.getAttribute(n, "PacketsOut"));
        assertArrayEquals(new String[] {RS}, (String[]) server.getAttribute(n, "RealServers"));
        assertEquals("nft", server.getAttribute(n, "DataPlane"));

        plane.set(new FailingPlane());
        RuntimeMBeanException failed =
                assertThrows(RuntimeMBeanException.class, () -> server.getAttribute(n, "Connections"));
        assertEquals(
                "data plane statistics unavailable: netlink socket closed",
                failed.getCause().getMessage());

        virtual.quorumUp = false;
        assertEquals(false, server.getAttribute(n, "QuorumUp"));
        bean.quorumChanged(false);
        assertEquals(VirtualServerMXBean.QUORUM, received.get(0).getType());
        assertEquals(VS + " quorum down", received.get(0).getMessage());
        assertEquals(false, received.get(0).getUserData());
    }

    @Test
    void bfdSessionAttributesAreOpenTypesAndStateChangesAreNotified() throws Exception {
        Views.Bfd bfd = new Views.Bfd(List.of(Views.bfdSession("bfd1", "Up")));
        BfdSessionMBean bean = new BfdSessionMBean(bfd, "bfd1");
        ObjectName n = register(bean, ObjectNames.of(BfdSessionMXBean.TYPE, "bfd1"));
        assertEquals("keepalived:type=BfdSession,name=bfd1", n.toString());
        assertEquals("Up", server.getAttribute(n, "State"));
        assertEquals("192.0.2.2", server.getAttribute(n, "Neighbor"));
        assertEquals("", server.getAttribute(n, "Source"), "no source_ip: empty, not \"null\"");
        assertEquals(false, server.getAttribute(n, "Multihop"));
        assertEquals(0xC0000001L, server.getAttribute(n, "LocalDiscriminator"), "unsigned");
        assertEquals(7L, server.getAttribute(n, "RemoteDiscriminator"));
        assertEquals(50_000L, server.getAttribute(n, "TransmitIntervalMicros"));
        assertEquals(50_000L, server.getAttribute(n, "ReceiveIntervalMicros"));
        assertEquals(150_000L, server.getAttribute(n, "DetectionTimeMicros"));
        assertEquals(120L, server.getAttribute(n, "PacketsIn"));
        assertEquals(130L, server.getAttribute(n, "PacketsOut"));
        assertEquals(2L, server.getAttribute(n, "PacketsDropped"));
        assertEquals(2L, server.getAttribute(n, "DownTransitions"));
        assertEquals("Control Detection Time Expired", server.getAttribute(n, "LastDownDiagnostic"));
        assertEquals("2026-12-06T09:00:00Z", server.getAttribute(n, "LastStateChange"));

        // A reload replaced the session: the MBean reads the one running now.
        bfd.sessions = List.of(Views.bfdSession("bfd1", "Down"));
        assertEquals("Down", server.getAttribute(n, "State"));
        bean.stateChanged(bfd.sessions.get(0), "Up", "Down");
        bean.stateChanged(Views.bfdSession("bfd1", "Up"), "Init", "Up");
        assertEquals(2, received.size());
        assertEquals(BfdSessionMXBean.STATE_CHANGE, received.get(0).getType());
        assertEquals(
                "bfd1 Up -> Down (Control Detection Time Expired)",
                received.get(0).getMessage());
        assertEquals("Down", received.get(0).getUserData());
        assertEquals("bfd1 Init -> Up", received.get(1).getMessage());

        bfd.sessions = List.of();
        RuntimeMBeanException gone = assertThrows(RuntimeMBeanException.class, () -> server.getAttribute(n, "State"));
        assertEquals("BFD session bfd1 is gone", gone.getCause().getMessage());
    }

    @Test
    void syncGroupStateIsTheMembersStateOrMixed() throws Exception {
        MemoryViews.Instance vi2 = new MemoryViews.Instance("VI_2", InstanceState.BACKUP);
        vrrp.instances = List.of(vi1, vi2);
        vrrp.syncGroups = Map.of("G", List.of("VI_1", "VI_2"), "EMPTY", List.of());
        ObjectName g = register(new VrrpSyncGroupMBean("G", vrrp), ObjectNames.of("VrrpSyncGroup", "G"));
        ObjectName empty = register(new VrrpSyncGroupMBean("EMPTY", vrrp), ObjectNames.of("VrrpSyncGroup", "EMPTY"));
        assertEquals("BACKUP", server.getAttribute(g, "State"));
        assertArrayEquals(new String[] {"VI_1", "VI_2"}, (String[]) server.getAttribute(g, "Members"));
        vi2.state = InstanceState.MASTER;
        assertEquals("MIXED", server.getAttribute(g, "State"));
        assertEquals("EMPTY", server.getAttribute(empty, "State"));
    }

    @Test
    void daemonReloadIsAnOperationAndANotification() throws Exception {
        LoadResult ok = new LoadResult(
                Instant.parse("2026-12-06T10:00:00Z"),
                Path.of("etc/keepalived.conf"),
                LoadResult.Outcome.OK,
                List.of(),
                List.of("keepalived.conf:4:3: unknown keyword frob"),
                "");
        LoadResult unreadable = new LoadResult(
                Instant.now(),
                Path.of("/nope.conf"),
                LoadResult.Outcome.UNREADABLE,
                List.of(),
                List.of(),
                "/nope.conf: cannot read configuration file");
        ListeningDaemon daemon = new ListeningDaemon(ok, unreadable);
        DaemonMBean bean = new DaemonMBean(daemon);
        daemon.listeners.add(bean); // as core binds the LoadListener service
        ObjectName n = register(bean, DaemonMXBean.OBJECT_NAME);
        assertEquals("OK", server.getAttribute(n, "LastLoadResult"));
        assertEquals("none", server.getAttribute(n, "DataPlane"), "no LVS subsystem");
        assertEquals(true, server.getAttribute(n, "Healthy"), "no watchdog: healthy");
        assertArrayEquals(new String[] {"keepalived.conf:4:3: unknown keyword frob"}, (String[])
                server.getAttribute(n, "LastLoadWarnings"));

        assertEquals("OK (1 warnings)", server.invoke(n, "reload", null, null));
        assertEquals(1, received.size());
        assertEquals(DaemonMXBean.RELOAD, received.get(0).getType());
        assertEquals("reload OK (1 warnings)", received.get(0).getMessage());
        assertEquals("OK", received.get(0).getUserData());

        String[] problems = (String[])
                server.invoke(n, "checkConfig", new Object[] {"/nope.conf"}, new String[] {String.class.getName()});
        assertArrayEquals(new String[] {"/nope.conf: cannot read configuration file"}, problems);
        assertEquals(List.of(Path.of("/nope.conf")), daemon.checked);

        daemon.listeners.remove(bean);
        daemon.reload();
        assertEquals(1, received.size(), "no notification once unbound");
    }

    @Test
    void liveChangesNameTheJaasUser() {
        assertEquals("local caller", Callers.current());
        Subject karaf =
                new Subject(false, Set.of(new RolePrincipal("admin"), new UserPrincipal("karaf")), Set.of(), Set.of());
        assertEquals("karaf", callerAs(karaf));
        Subject anonymous = new Subject(false, Set.of(new RolePrincipal("viewer")), Set.of(), Set.of());
        assertEquals("unknown user", callerAs(anonymous));
    }

    @SuppressWarnings("removal")
    private static String callerAs(Subject subject) {
        return Subject.doAs(subject, (PrivilegedAction<String>) Callers::current);
    }

    /** Named as Karaf's JAAS principal classes are: Callers recognises the user by that name. */
    private record UserPrincipal(String getName) implements Principal {}

    private record RolePrincipal(String getName) implements Principal {}

    /** A data plane whose statistics cannot be read. */
    private static final class FailingPlane implements ForwardingPlane {
        public String name() {
            return "ipvs";
        }

        public boolean available() {
            return true;
        }

        public void apply(Collection<ServiceSpec> services) {}

        public void clear() {}

        public void close() {}

        public List<ServiceStatistics> statistics() throws ForwardingPlaneException {
            throw new ForwardingPlaneException("netlink socket closed");
        }
    }

    /** A daemon that tells the load listeners bound to it of every reload, as core does. */
    private static final class ListeningDaemon implements Daemon {
        final LoadResult reloaded;
        final LoadResult checkedResult;
        final List<LoadListener> listeners = new CopyOnWriteArrayList<>();
        final List<Path> checked = new ArrayList<>();

        ListeningDaemon(LoadResult reloaded, LoadResult checkedResult) {
            this.reloaded = reloaded;
            this.checkedResult = checkedResult;
        }

        public String version() {
            return "0.1.0-TEST";
        }

        public Instant startedAt() {
            return Instant.now();
        }

        public Path configPath() {
            return Path.of("etc/keepalived.conf");
        }

        public String configId() {
            return "node1";
        }

        public LoadResult lastLoad() {
            return reloaded;
        }

        public LoadResult reload() {
            listeners.forEach(l -> l.loaded(reloaded));
            return reloaded;
        }

        public LoadResult checkConfig(Path file) {
            checked.add(file);
            return checkedResult;
        }
    }
}
