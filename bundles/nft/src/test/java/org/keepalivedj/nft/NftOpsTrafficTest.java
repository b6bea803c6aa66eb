package org.keepalivedj.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
import org.keepalivedj.api.model.Protocol;
import org.keepalivedj.testsupport.Netns;
import org.keepalivedj.testsupport.RequiresRoot;

/**
 * One-packet scheduling (ops) on the nftables plane with real UDP traffic. A client namespace
 * sends datagrams from one source port to 10.72.0.100:53 on the "director" namespace, which routes
 * to three server namespaces (default route via the director, as LVS-NAT wants); each server
 * answers with its name. Without ops conntrack keeps that one flow on one server; with ops each
 * datagram is scheduled on its own, and every answer still comes from the virtual address and port.
 */
@RequiresRoot
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NftOpsTrafficTest {

    private static final String VIP = "10.72.0.100";
    private static final String VIP6 = "fd72::100";
    private static final int VPORT = 53;
    private static final int RPORT = 5353;
    private static final String[] SERVERS = {"s1", "s2", "s3"};

    private DirectorLab lab;
    private Netns director;
    private Netns client;
    private final List<UdpNameServer> servers = new ArrayList<>();
    private NftForwardingPlane plane;

    /** What the client got back: answers per server name, and every source the answers came from. */
    private record Answers(Map<String, Integer> perServer, Set<SocketAddress> sources, int lost) {}

    @BeforeAll
    void buildLab() throws Exception {
        lab = DirectorLab.build("10.72.1.", "fd72:1::", "10.72.0.", "fd72::", VIP, VIP6, SERVERS);
        director = lab.director();
        client = lab.client();
        for (int i = 0; i < SERVERS.length; i++) {
            servers.add(UdpNameServer.start(lab.servers().get(i), SERVERS[i], RPORT));
        }
        plane = new NftForwardingPlane(director.name());
    }

    @AfterAll
    void removeLab() throws Exception {
        try {
            if (plane != null) {
                plane.close();
            }
            for (UdpNameServer s : servers) {
                s.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @AfterEach
    void clearPlane() throws Exception {
        plane.clear();
    }

    @Test
    void withOpsDatagramsFromOneSourcePortSpreadByWeight() throws Exception {
        plane.apply(List.of(service(VIP, "wrr", List.of("ops"), null, 1, 2, 3)));
        Answers answers = send(client, VIP, 600);

        // numgen inc walks the weights' ranges in turn: exactly 1:2:3 of 600.
        assertEquals(Map.of("s1", 100, "s2", 200, "s3", 300), answers.perServer(), answers.toString());
        assertEquals(Set.of(new InetSocketAddress(VIP, VPORT)), answers.sources(), "answers come from VIP:port");
        ServiceStatistics stats = plane.statistics().get(0);
        for (int i = 0; i < SERVERS.length; i++) {
            assertEquals(
                    (long) answers.perServer().get(SERVERS[i]),
                    stats.destinations()
                            .get(destination("10.72.1." + (11 + i), i + 1).toString())
                            .connections(),
                    "each datagram counted for its server " + SERVERS[i]);
        }
        assertEquals(600, stats.total().connections());
    }

    @Test
    void withoutOpsOneSourcePortSticksToOneServer() throws Exception {
        plane.apply(List.of(service(VIP, "wrr", List.of(), null, 1, 2, 3)));
        Answers answers = send(client, VIP, 200);
        assertEquals(1, answers.perServer().size(), "conntrack keeps the flow on one server: " + answers);
        assertEquals(200, answers.perServer().values().iterator().next());
        assertEquals(Set.of(new InetSocketAddress(VIP, VPORT)), answers.sources());
    }

    @Test
    void aClientOnTheDirectorItselfIsSpreadToo() throws Exception {
        plane.apply(List.of(service(VIP, "rr", List.of("ops"), null, 1, 1, 1)));
        Answers answers = send(director, VIP, 30);
        assertEquals(Map.of("s1", 10, "s2", 10, "s3", 10), answers.perServer(), answers.toString());
        assertEquals(Set.of(new InetSocketAddress(VIP, VPORT)), answers.sources());
    }

    @Test
    void aCheckFromTheDirectorStillHearsTheRealServerItself() throws Exception {
        plane.apply(List.of(service(VIP, "rr", List.of("ops"), null, 1, 1, 1)));
        // As UDP_CHECK or DNS_CHECK do: a socket connected to the real server, which accepts
        // answers from that address and port only.
        String answer = director.call(() -> {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(2000);
                socket.connect(new InetSocketAddress("10.72.1.12", RPORT));
                socket.send(new DatagramPacket(new byte[] {'?'}, 1));
                DatagramPacket in = new DatagramPacket(new byte[64], 64);
                socket.receive(in);
                return new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
            }
        });
        assertEquals("s2", answer);
        // and the service still answers as itself, to the director and to the client
        assertEquals(
                Set.of(new InetSocketAddress(VIP, VPORT)),
                send(director, VIP, 3).sources());
        assertEquals(
                Set.of(new InetSocketAddress(VIP, VPORT)), send(client, VIP, 3).sources());
    }

    @Test
    void ipv6ServicesSpreadDatagramsToo() throws Exception {
        List<Destination> reals = new ArrayList<>();
        for (int i = 0; i < SERVERS.length; i++) {
            reals.add(destination("fd72:1::" + (11 + i), i == 0 ? 0 : i));
        }
        plane.apply(List.of(new ServiceSpec(
                ServiceKey.of(InetAddress.getByName(VIP6), VPORT, Protocol.UDP),
                "wrr",
                List.of("ops"),
                null,
                null,
                reals)));
        Answers answers = send(client, VIP6, 30);
        assertEquals(Map.of("s2", 10, "s3", 20), answers.perServer(), "weight 0 gets none: " + answers);
        assertEquals(Set.of(new InetSocketAddress(VIP6, VPORT)), answers.sources());
    }

    @Test
    void persistenceKeepsAClientOnOneServerDatagramByDatagram() throws Exception {
        plane.apply(List.of(service(VIP, "rr", List.of("ops"), Duration.ofSeconds(60), 1, 1, 1)));
        Answers answers = send(client, VIP, 30);
        assertEquals(1, answers.perServer().size(), "one server for a persistent client: " + answers);
        String table = director.execOrThrow("nft", "list", "table", "inet", "keepalivedj")
                .stdout();
        assertTrue(table.contains("elements = { 10.72.0.2 expires "), "the client is remembered:\n" + table);
    }

    @Test
    void aRealServerMovesFromOneOpsServiceToAnotherInOneApply() throws Exception {
        // Listed first, the service that takes s2 over adds its reply elements before the other
        // service's update deletes them: the batch must still delete before it adds.
        ServiceSpec a = service(VIP, "rr", List.of("ops"), null, 1, 1);
        ServiceSpec b = new ServiceSpec(
                ServiceKey.of(InetAddress.getByName(VIP), VPORT + 1, Protocol.UDP),
                "rr",
                List.of("ops"),
                null,
                null,
                List.of(destination("10.72.1.13", 1)));
        plane.apply(List.of(b, a));
        ServiceSpec bWithS2 = new ServiceSpec(
                b.key(),
                "rr",
                List.of("ops"),
                null,
                null,
                List.of(destination("10.72.1.12", 1), b.destinations().get(0)));
        ServiceSpec aWithoutS2 = new ServiceSpec(
                a.key(),
                "rr",
                List.of("ops"),
                null,
                null,
                List.of(a.destinations().get(0)));
        plane.apply(List.of(bWithS2, aWithoutS2));

        Answers toB = send(client, VIP, VPORT + 1, 20);
        assertEquals(Map.of("s2", 10, "s3", 10), toB.perServer(), toB.toString());
        assertEquals(Set.of(new InetSocketAddress(VIP, VPORT + 1)), toB.sources(), "s2 answers as the new service");
        assertEquals(Map.of("s1", 10), send(client, VIP, 10).perServer());
    }

    // ---- helpers

    private static Answers send(Netns from, String vip, int count) throws Exception {
        return send(from, vip, VPORT, count);
    }

    /** Sends count datagrams, one at a time, from one socket (one source port) and reads each answer. */
    private static Answers send(Netns from, String vip, int port, int count) throws Exception {
        return from.call(() -> {
            Map<String, Integer> perServer = new TreeMap<>();
            Set<SocketAddress> sources = new HashSet<>();
            int lost = 0;
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(2000);
                InetSocketAddress to = new InetSocketAddress(vip, port);
                byte[] buffer = new byte[64];
                for (int i = 0; i < count; i++) {
                    socket.send(new DatagramPacket(new byte[] {'?'}, 1, to));
                    DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(answer);
                    } catch (java.net.SocketTimeoutException e) {
                        lost++;
                        continue;
                    }
                    perServer.merge(
                            new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII),
                            1,
                            Integer::sum);
                    sources.add(answer.getSocketAddress());
                }
            }
            assertEquals(0, lost, "datagrams without an answer, answers so far " + perServer);
            return new Answers(perServer, sources, lost);
        });
    }

    private static ServiceSpec service(
            String vip, String scheduler, List<String> flags, Duration persistence, int... weights) throws Exception {
        List<Destination> destinations = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            destinations.add(destination("10.72.1." + (11 + i), weights[i]));
        }
        return new ServiceSpec(
                ServiceKey.of(InetAddress.getByName(vip), VPORT, Protocol.UDP),
                scheduler,
                flags,
                persistence,
                null,
                destinations);
    }

    private static Destination destination(String address, int weight) throws Exception {
        return new Destination(InetAddress.getByName(address), RPORT, weight, ForwardingMethod.NAT, 0, 0);
    }
}
