package org.keepalivedj.ipvs.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keepalivedj.api.lvs.Destination;
import org.keepalivedj.api.lvs.ServiceKey;
import org.keepalivedj.api.lvs.ServiceSpec;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.model.ForwardingMethod;
import org.keepalivedj.api.model.LvsGlobals;
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.ipvs.IpvsForwardingPlane;
import org.keepalivedj.ipvs.IpvsPlanes;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;

/**
 * Real TCP through an IPVS NAT service: a client namespace, a director namespace holding the
 * service, and three server namespaces each running a tiny server that answers with its number and
 * then echoes. The namespaces are shared by the tests of this class (processes start slowly in the
 * guest); each test starts from no service.
 */
@RequiresIpvs
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IpvsNatTrafficKernelTest {

    private static final InetAddress VIP = IpvsPlaneKernelTest.addr("10.1.0.100");
    private static final int PORT = 80;
    private static final int SPREAD_PORT = 81;
    private static final int SYNC_PORT = 82;

    private NetLab lab;
    private Netns client;
    private Netns director;
    private final List<ServerSocket> servers = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "server");
        t.setDaemon(true);
        return t;
    });
    private IpvsForwardingPlane plane;

    @BeforeAll
    void setUp() throws Exception {
        lab = NetLab.create();
        director = lab.namespace("lvs");
        client = lab.namespace("client");
        director.execOrThrow("sysctl", "-qw", "net.ipv4.ip_forward=1");
        lab.vethPair(director, "c0", client, "eth0");
        NetLab.addAddress(director, "c0", "10.1.0.1/24");
        NetLab.addAddress(director, "c0", "10.1.0.100/24");
        NetLab.addAddress(client, "eth0", "10.1.0.2/24");
        for (int i = 1; i <= 3; i++) {
            Netns server = lab.namespace("s" + i);
            lab.vethPair(director, "d" + i, server, "eth0");
            NetLab.addAddress(director, "d" + i, "10.2." + i + ".1/24");
            NetLab.addAddress(server, "eth0", "10.2." + i + ".2/24");
            server.execOrThrow("ip", "route", "add", "default", "via", "10.2." + i + ".1");
            int id = i;
            ServerSocket socket =
                    server.call(() -> new ServerSocket(PORT, 200, IpvsPlaneKernelTest.addr("10.2." + id + ".2")));
            servers.add(socket);
            threads.execute(() -> serve(socket, id));
        }
        plane = director.call(IpvsPlanes::open);
    }

    @AfterEach
    void removeService() throws Exception {
        if (plane != null) {
            plane.clear();
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        for (ServerSocket s : servers) {
            s.close();
        }
        threads.shutdownNow();
        if (plane != null) {
            plane.close();
        }
        lab.close();
    }

    /** Answers each connection with its number, then echoes bytes until the client closes. */
    private void serve(ServerSocket socket, int id) {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                threads.execute(() -> {
                    try (s;
                            InputStream in = s.getInputStream();
                            OutputStream out = s.getOutputStream()) {
                        out.write(id);
                        out.flush();
                        for (int b = in.read(); b >= 0; b = in.read()) {
                            out.write(b);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the client went away: nothing to do
                    }
                });
            } catch (IOException e) {
                return; // closed by tearDown
            }
        }
    }

    private static ServiceSpec service(int w1, int w2, int w3) {
        return service(PORT, w1, w2, w3);
    }

    private static ServiceSpec service(int virtualPort, int w1, int w2, int w3) {
        List<Destination> d = new ArrayList<>();
        int[] weights = {w1, w2, w3};
        for (int i = 1; i <= 3; i++) {
            d.add(new Destination(
                    IpvsPlaneKernelTest.addr("10.2." + i + ".2"), PORT, weights[i - 1], ForwardingMethod.NAT, 0, 0));
        }
        return new ServiceSpec(ServiceKey.of(VIP, virtualPort, Protocol.TCP), "wrr", List.of(), null, null, d);
    }

    /** Opens a connection from the client namespace and returns it with the server's number read. */
    private List<Connection> connect(int count) throws Exception {
        return connect(PORT, count);
    }

    private List<Connection> connect(int virtualPort, int count) throws Exception {
        return client.call(() -> {
            List<Connection> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(VIP, virtualPort), 5000);
                s.setSoTimeout(5000);
                out.add(new Connection(s, s.getInputStream().read()));
            }
            return out;
        });
    }

    record Connection(Socket socket, int server) {
        boolean echoes(int value) throws IOException {
            socket.getOutputStream().write(value);
            return socket.getInputStream().read() == value;
        }
    }

    private static int[] spread(List<Connection> connections) {
        int[] counts = new int[4];
        for (Connection c : connections) {
            counts[c.server()]++;
        }
        return counts;
    }

    private static void closeAll(List<Connection> connections) throws IOException {
        for (Connection c : connections) {
            c.socket().close();
        }
    }

    @Test
    void connectionsSpreadByWeight() throws Exception {
        // Its own virtual port: IPVS revives a removed destination that still has connections, counters
        // included, when the same service gets it again.
        plane.apply(List.of(service(SPREAD_PORT, 1, 2, 3)));
        List<Connection> connections = new ArrayList<>();
        for (int batch = 0; batch < 2; batch++) {
            List<Connection> some = connect(SPREAD_PORT, 90);
            connections.addAll(some);
            closeAll(some);
        }
        int[] counts = spread(connections);
        assertEquals(0, counts[0], "every connection reached a server");
        // wrr is deterministic: 1:2:3 of 180 is 30, 60, 90 (allow a little for rounds cut short)
        assertTrue(
                Math.abs(counts[1] - 30) <= 4 && Math.abs(counts[2] - 60) <= 4 && Math.abs(counts[3] - 90) <= 4,
                "spread by weight 1:2:3 over 180 connections, got " + counts[1] + "/" + counts[2] + "/" + counts[3]);

        // The kernel folds its per-CPU counters into what it reports every 2 s: wait for them.
        List<ServiceStatistics> stats = plane.statistics();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stats.get(0).total().connections() < 180 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            stats = plane.statistics();
        }
        assertEquals(1, stats.size());
        assertEquals(180, stats.get(0).total().connections(), "the kernel counted every connection");
        Map<String, ServiceStatistics.Counters> perServer = stats.get(0).destinations();
        assertEquals(counts[3], perServer.get("[10.2.3.2]:80").connections());
    }

    @Test
    void weightZeroStopsNewConnectionsAndKeepsExistingOnes() throws Exception {
        plane.apply(List.of(service(1, 1, 1)));
        List<Connection> before = connect(30);
        List<Connection> onThree = before.stream().filter(c -> c.server() == 3).toList();
        assertEquals(
                10, onThree.size(), "rr-like spread before the drain: " + java.util.Arrays.toString(spread(before)));

        plane.apply(List.of(service(1, 1, 0)));
        assertEquals(1, plane.lastChangeCount(), "a drain is one kernel call");
        List<Connection> after = connect(30);
        assertEquals(0, spread(after)[3], "no new connection reaches the drained server");
        assertEquals(15, spread(after)[1]);
        for (Connection c : onThree) {
            assertTrue(c.echoes(42), "an existing connection to the drained server keeps flowing");
        }
        closeAll(before);
        closeAll(after);
    }

    /**
     * lvs_sync_daemon as the LVS engine runs it: the master daemon on the director, the backup daemon
     * on a standby director; a connection made through the director shows up in the standby's table.
     */
    @Test
    void theBackupSyncDaemonLearnsTheMastersConnections() throws Exception {
        Netns standby = lab.namespace("standby");
        lab.vethPair(director, "y0", standby, "y0");
        NetLab.addAddress(director, "y0", "10.3.0.1/24");
        NetLab.addAddress(standby, "y0", "10.3.0.2/24");
        IpvsForwardingPlane standbyPlane = standby.call(IpvsPlanes::open);
        LvsGlobals.SyncDaemon daemon = new LvsGlobals.SyncDaemon("y0", "VI_1", null, 0, 0, 0, null);
        try {
            standbyPlane.applySyncDaemons(daemon, 7, Set.of(LvsGlobals.SyncRole.BACKUP));
            plane.applySyncDaemons(daemon, 7, Set.of(LvsGlobals.SyncRole.MASTER));
            plane.apply(List.of(service(SYNC_PORT, 1, 1, 1)));
            List<Connection> open = connect(SYNC_PORT, 1);
            String wanted = "10.1.0.2:";
            String table = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!table.contains(wanted) && System.nanoTime() < deadline) {
                Thread.sleep(250);
                table = standby.execOrThrow("ipvsadm", "-Lnc").stdout();
            }
            assertTrue(
                    table.contains(wanted) && table.contains("10.1.0.100:" + SYNC_PORT),
                    "the client's connection synced to the standby:\n" + table);
            closeAll(open);
        } finally {
            plane.applySyncDaemons(daemon, 7, Set.of());
            standbyPlane.applySyncDaemons(daemon, 7, Set.of());
            standbyPlane.close();
        }
    }
}
