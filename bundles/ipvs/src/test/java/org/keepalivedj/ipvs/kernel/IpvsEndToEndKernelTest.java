package org.keepalivedj.ipvs.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keepalivedj.api.lvs.ServiceStatistics;
import org.keepalivedj.api.lvs.VirtualServerView;
import org.keepalivedj.check.support.NettyCheckRuntime;
import org.keepalivedj.check.tcp.TcpCheckFactory;
import org.keepalivedj.config.KeepalivedConfigLoader;
import org.keepalivedj.ipvs.IpvsForwardingPlane;
import org.keepalivedj.ipvs.IpvsPlanes;
import org.keepalivedj.lvs.EmbeddedLvs;
import org.keepalivedj.testsupport.NameServer;
import org.keepalivedj.testsupport.NetLab;
import org.keepalivedj.testsupport.Netns;

/**
 * The LVS engine end to end on a kernel with IPVS (inside user-mode-linux, through IpvsInUmlIT): the
 * real TCP_CHECK on Netty checks three real servers and a sorry server in namespaces, and the engine
 * programs the IPVS NAT service 10.91.0.100:80 on the director. A killed server leaves the kernel's
 * table within its retries, no connection reaches it meanwhile, it comes back when it listens again;
 * losing the quorum switches to the sorry server. One method: the guest is slow to build namespaces.
 */
@RequiresIpvs
public class IpvsEndToEndKernelTest {
    private static final String VIP = "10.91.0.100";
    private static final String VS = VIP + ":80/tcp";
    private static final int PORT = 8080;
    private static final double DELAY_LOOP = 1.0;
    private static final double CONNECT_TIMEOUT = 1.0;
    private static final int RETRY = 2;
    private static final double DELAY_BEFORE_RETRY = 0.5;
    /** The guest has one slow virtual CPU: room for the engine thread and netlink to be late. */
    private static final double SLACK = 2.0;

    private static final String[] NAMES = {"s1", "s2", "s3", "sorry"};

    private NetLab lab;
    private Netns client;
    private final Map<String, Netns> serverNs = new HashMap<>();
    private final Map<String, NameServer> servers = new HashMap<>();
    private NettyCheckRuntime runtime;
    private EmbeddedLvs engine;
    private IpvsForwardingPlane plane;

    private static String server(int i) {
        return "10.92." + i + ".2";
    }

    private static String config() {
        StringBuilder reals = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            reals.append("real_server ")
                    .append(server(i))
                    .append(' ')
                    .append(PORT)
                    .append(" {\nweight 1\nTCP_CHECK {\n")
                    .append("connect_timeout ")
                    .append(CONNECT_TIMEOUT)
                    .append("\nretry ")
                    .append(RETRY)
                    .append("\ndelay_before_retry ")
                    .append(DELAY_BEFORE_RETRY)
                    .append("\n}\n}\n");
        }
        return "virtual_server " + VIP + " 80 {\nprotocol TCP\nlvs_sched rr\nlvs_method NAT\ndelay_loop " + DELAY_LOOP
                + "\nquorum 2\nsorry_server " + server(4) + " " + PORT + "\n" + reals + "}\n";
    }

    private void buildLab() throws Exception {
        lab = NetLab.create();
        Netns director = lab.namespace("dir");
        client = lab.namespace("cli");
        director.execOrThrow("sysctl", "-qw", "net.ipv4.ip_forward=1");
        lab.vethPair(director, "c0", client, "eth0");
        NetLab.addAddress(director, "c0", "10.91.0.1/24");
        NetLab.addAddress(director, "c0", VIP + "/32");
        NetLab.addAddress(client, "eth0", "10.91.0.2/24");
        client.execOrThrow("ip", "route", "add", "default", "via", "10.91.0.1");
        for (int i = 1; i <= NAMES.length; i++) {
            Netns ns = lab.namespace(NAMES[i - 1]);
            lab.vethPair(director, "d" + i, ns, "eth0");
            NetLab.addAddress(director, "d" + i, "10.92." + i + ".1/24");
            NetLab.addAddress(ns, "eth0", server(i) + "/24");
            ns.execOrThrow("ip", "route", "add", "default", "via", "10.92." + i + ".1");
            serverNs.put(NAMES[i - 1], ns);
            servers.put(NAMES[i - 1], NameServer.start(ns, NAMES[i - 1], PORT));
        }
        plane = director.call(IpvsPlanes::open);
        runtime = director.call(() -> new NettyCheckRuntime(1, 1));
        // The engine thread creates the checkers' sockets: it must start inside the director's namespace
        // (a new thread inherits the namespace of the thread that creates it).
        engine = director.call(() -> EmbeddedLvs.builder()
                .threadName("lvs-e2e")
                .random(new Random(1))
                .plane(plane)
                .checker(new TcpCheckFactory(runtime))
                .start());
        engine.apply(KeepalivedConfigLoader.withBuiltinCheckers()
                .load(config(), "e2e.conf", Path.of("."))
                .config());
    }

    @AfterEach
    void removeLab() throws Exception {
        try {
            if (engine != null) {
                engine.close();
            }
            if (runtime != null) {
                runtime.close();
            }
            if (plane != null) {
                plane.close();
            }
            for (NameServer s : servers.values()) {
                s.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    /** The destinations of our service as the kernel has them, sorted ("[10.92.1.2]:8080"). */
    private Set<String> kernelDestinations() {
        try {
            List<ServiceStatistics> stats = plane.statistics();
            return stats.isEmpty()
                    ? Set.of()
                    : new TreeSet<>(stats.get(0).destinations().keySet());
        } catch (Exception e) {
            return Set.of("error: " + e.getMessage());
        }
    }

    private static Set<String> destinations(int... servers) {
        Set<String> s = new TreeSet<>();
        for (int i : servers) {
            s.add("[" + server(i) + "]:" + PORT);
        }
        return s;
    }

    /** One connection from the client to the VIP: the answering server's name, or FAIL. */
    private String connectOnce() throws Exception {
        return client.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(VIP, 80), 3000);
                s.setSoTimeout(3000);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                return line == null ? "FAIL" : line;
            } catch (IOException e) {
                return "FAIL";
            }
        });
    }

    private Map<String, Integer> connect(int n) throws Exception {
        Map<String, Integer> answers = new HashMap<>();
        for (int i = 0; i < n; i++) {
            answers.merge(connectOnce(), 1, Integer::sum);
        }
        return answers;
    }

    /** Polls a condition with a deadline; returns the seconds it took. */
    private static double waitFor(String what, BooleanSupplier condition, double limitSeconds)
            throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if ((System.nanoTime() - start) / 1e9 > limitSeconds) {
                throw new AssertionError("not within " + limitSeconds + " s: " + what);
            }
            Thread.sleep(10); // polling the kernel with a deadline
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private VirtualServerView vs() {
        return engine.virtualServer(VS).orElseThrow();
    }

    @Test
    void killedServerLeavesIpvsInTimeComesBackAndQuorumLossSwitchesToTheSorryServer() throws Exception {
        buildLab();
        waitFor("the three real servers in IPVS", () -> kernelDestinations().equals(destinations(1, 2, 3)), 30);
        waitFor(
                "every server checked",
                () -> vs().realServers().stream()
                        .allMatch(r -> r.checkers().get(0).attempts() > 0),
                30);
        assertEquals(Map.of("s1", 4, "s2", 4, "s3", 4), connect(12), "round robin over the three servers");

        // A killed server leaves the kernel's table after its retries, within the check timing.
        long killed = System.nanoTime();
        servers.get("s1").close();
        double bound = DELAY_LOOP + (RETRY + 1) * CONNECT_TIMEOUT + RETRY * DELAY_BEFORE_RETRY;
        double took = waitFor("s1 out of IPVS", () -> kernelDestinations().equals(destinations(2, 3)), bound + SLACK);
        System.out.printf(
                "ipvs e2e: killed server out of the IPVS table after %.3f s (retry %d x delay_before_retry %.1f s"
                        + " = %.1f s; bound with delay_loop and connect_timeout %.1f s)%n",
                took, RETRY, DELAY_BEFORE_RETRY, RETRY * DELAY_BEFORE_RETRY, bound);
        assertTrue(
                (System.nanoTime() - killed) / 1e9 >= RETRY * DELAY_BEFORE_RETRY - 0.05,
                "not before its retries: " + took);
        Map<String, Integer> meanwhile = connect(10);
        assertEquals(Map.of("s2", 5, "s3", 5), meanwhile, "no connection reaches the dead server");

        // It listens again: back in the kernel's table and in the rotation.
        servers.put("s1", NameServer.start(serverNs.get("s1"), "s1", PORT));
        double back =
                waitFor("s1 back in IPVS", () -> kernelDestinations().equals(destinations(1, 2, 3)), bound + SLACK);
        System.out.printf("ipvs e2e: recovered server back in the IPVS table after %.3f s%n", back);
        assertEquals(Map.of("s1", 4, "s2", 4, "s3", 4), connect(12), "back in the rotation");

        // Two of three down: quorum 2 is lost, the sorry server alone takes the traffic.
        servers.get("s1").close();
        servers.get("s2").close();
        double sorry = waitFor(
                "only the sorry server in IPVS", () -> kernelDestinations().equals(destinations(4)), bound + SLACK);
        System.out.printf("ipvs e2e: quorum lost, sorry server alone in IPVS after %.3f s%n", sorry);
        assertEquals(Map.of("sorry", 6), connect(6), "quorum lost: only the sorry server answers");

        // One comes back: quorum regained, the sorry server leaves.
        servers.put("s1", NameServer.start(serverNs.get("s1"), "s1", PORT));
        waitFor("quorum back: s1 and s3 in IPVS", () -> kernelDestinations().equals(destinations(1, 3)), bound + SLACK);
        assertEquals(Map.of("s1", 3, "s3", 3), connect(6), "back to the real servers that are up");
    }
}
